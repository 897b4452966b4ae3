// The tools the demo runs in the browser, by the name the model calls them.
import type { ChatTool } from '@tokenwire/react';
import { getWeather } from './get-weather.js';

export { getWeather } from './get-weather.js';

export const demoTools: Record<string, ChatTool> = { get_weather: getWeather };
