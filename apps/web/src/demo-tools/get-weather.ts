import type { ChatTool } from '@tokenwire/react';

/**
 * The demo's one client-side tool: the model asks for the weather, the browser answers with a
 * fixed, made-up forecast (no network, no key), and the model's next answer uses it.
 */
export const getWeather: ChatTool = {
  description: 'The current weather in a city (a made-up forecast: this is a demo).',
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string', description: 'The city, e.g. "Paris"' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    },
    required: ['city'],
  },
  execute: (args) => {
    const { city, unit } = (args ?? {}) as { city?: unknown; unit?: unknown };
    const isFahrenheit = unit === 'fahrenheit';
    return {
      city: typeof city === 'string' ? city : 'Unknown',
      forecast: 'Sunny with a light breeze',
      temperature: isFahrenheit ? 70 : 21,
      unit: isFahrenheit ? 'fahrenheit' : 'celsius',
      isDemo: true,
    };
  },
};
