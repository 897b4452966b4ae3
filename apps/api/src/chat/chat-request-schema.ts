import { z } from 'zod';

/**
 * The body of `POST /api/chat`. Unknown fields are dropped, so newer clients can send more.
 *
 * @example
 * chatRequestSchema.parse({ messages: [{ role: 'user', content: 'Hi' }] });
 */
export const chatRequestSchema = z.object({
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'user', 'assistant']),
        content: z.string(),
      }),
    )
    .min(1),
  model: z.string().min(1).max(256).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).optional(),
});

/** A validated chat request. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;
