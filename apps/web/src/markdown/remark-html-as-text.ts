interface MarkdownNode {
  type: string;
  children?: MarkdownNode[];
}

/**
 * A remark plugin that turns raw HTML in model output into literal text: the reader sees
 * `<script>` as written, and nothing the model emits can become an element.
 */
export function remarkHtmlAsText() {
  return (tree: MarkdownNode): void => {
    const visit = (node: MarkdownNode) => {
      if (node.type === 'html') node.type = 'text';
      node.children?.forEach(visit);
    };
    visit(tree);
  };
}
