export declare const sourceCondition: '@tokenwire/source';
export declare const sourceConfig: {
  resolve: { conditions: string[] };
  ssr: { resolve: { conditions: string[] } };
};
