import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('uses the documented defaults and the demo upstream for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      openaiApiKey: undefined,
      openaiBaseUrl: undefined,
      openaiModel: 'gpt-4o-mini',
      useDemoUpstream: true,
      corsOrigins: [],
      heartbeatMs: 15_000,
      shutdownGraceMs: 10_000,
      rateLimitPerMinute: 60,
      trustProxy: [],
      logContent: false,
      logLevel: 'info',
      maxBodyBytes: 1_048_576,
      maxMessages: 100,
      maxInputChars: 100_000,
      maxHeapFraction: 0.9,
      acceptors: 1,
      listenBacklog: 4096,
      upstreamTimeoutMs: 60_000,
      upstreamMaxRetries: 2,
      upstreamSpareConnections: 16,
      requestTimeoutMs: 30_000,
      resumeTtlMs: 300_000,
      resumeBufferBytes: 262_144,
      resumeEndedBytes: 67_108_864,
    });
  });

  it('treats empty values as unset, so a copied .env.example changes nothing', () => {
    const config = loadConfig({
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '  ',
      PORT: '',
      CORS_ORIGINS: '',
    });
    expect(config.useDemoUpstream).toBe(true);
    expect(config.port).toBe(8787);
  });

  it('leaves the demo upstream off as soon as a key or a base URL is set', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x' }).useDemoUpstream).toBe(false);
    expect(loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1' }).useDemoUpstream).toBe(
      false,
    );
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      OPENAI_MODEL: 'llama3.2',
      CORS_ORIGINS: 'https://Chat.Example.com/, http://localhost:5173',
      HEARTBEAT_MS: '500',
      SHUTDOWN_GRACE_MS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      TRUST_PROXY: 'loopback, 10.0.0.0/8, ::1',
      LOG_CONTENT: '1',
      LOG_LEVEL: 'warn',
      MAX_BODY_BYTES: '2048',
      MAX_MESSAGES: '3',
      MAX_INPUT_CHARS: '40',
      MAX_HEAP_FRACTION: '.75',
      ACCEPTORS: '4',
      LISTEN_BACKLOG: '1024',
      UPSTREAM_TIMEOUT_MS: '250',
      UPSTREAM_MAX_RETRIES: '0',
      UPSTREAM_SPARE_CONNECTIONS: '0',
      REQUEST_TIMEOUT_MS: '5000',
      RESUME_ENDED_BYTES: '0',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      openaiModel: 'llama3.2',
      corsOrigins: ['https://chat.example.com', 'http://localhost:5173'],
      heartbeatMs: 500,
      shutdownGraceMs: 0,
      rateLimitPerMinute: 0,
      trustProxy: ['loopback', '10.0.0.0/8', '::1'],
      logContent: true,
      logLevel: 'warn',
      maxBodyBytes: 2048,
      maxMessages: 3,
      maxInputChars: 40,
      maxHeapFraction: 0.75,
      acceptors: 4,
      listenBacklog: 1024,
      upstreamTimeoutMs: 250,
      upstreamMaxRetries: 0,
      upstreamSpareConnections: 0,
      requestTimeoutMs: 5000,
      resumeEndedBytes: 0,
    });
  });

  it('names every bad variable in one line', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '80a',
        HEARTBEAT_MS: '-5',
        OPENAI_BASE_URL: 'localhost:11434',
        CORS_ORIGINS: '*',
        TRUST_PROXY: 'everyone',
        LOG_CONTENT: 'yes',
        LOG_LEVEL: 'loud',
        MAX_BODY_BYTES: '0',
        ACCEPTORS: '0',
        LISTEN_BACKLOG: '0',
        UPSTREAM_SPARE_CONNECTIONS: '-1',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, problems } = error as ConfigError;
    expect(message).not.toContain('\n');
    expect(problems).toHaveLength(11);
    for (const name of [
      'PORT',
      'HEARTBEAT_MS',
      'OPENAI_BASE_URL',
      'CORS_ORIGINS',
      'TRUST_PROXY',
      'LOG_CONTENT',
      'LOG_LEVEL',
      'MAX_BODY_BYTES',
      'ACCEPTORS',
      'LISTEN_BACKLOG',
      'UPSTREAM_SPARE_CONNECTIONS',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).toContain('"80a"');
  });

  it('refuses origins with a path, and ports out of range', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://example.com/app' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ PORT: '65536' })).toThrow(/PORT must be an integer from 0 to 65535/);
  });

  it('takes MAX_HEAP_FRACTION above 0 and up to 1 (off), and names anything else', () => {
    expect(loadConfig({ MAX_HEAP_FRACTION: '1' }).maxHeapFraction).toBe(1);
    expect(loadConfig({ MAX_HEAP_FRACTION: '0.5' }).maxHeapFraction).toBe(0.5);
    for (const raw of ['0', '1.01', '90%', '-0.5', '0.9.1', '1e-1', 'NaN', 'half']) {
      expect(() => loadConfig({ MAX_HEAP_FRACTION: raw })).toThrow(
        `MAX_HEAP_FRACTION must be a number above 0 and at most 1, such as 0.9 (got ${JSON.stringify(raw)})`,
      );
    }
  });
});
