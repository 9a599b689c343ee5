import type { ChatOpenAI } from '@langchain/openai'
import type { Config } from '../config/load.ts'

/** The chat model settings from the config (`FIELDKB_CHAT_MODEL` plus key / base URL). */
export type ChatSettings = NonNullable<Config['chat']>

/**
 * The configured chat model through LangChain's `ChatOpenAI` (any OpenAI-compatible endpoint):
 * deterministic (temperature 0), one retry, bounded by `timeoutMs`.
 * @example const model = await chatModel(config.chat!); await model.invoke([...])
 */
export async function chatModel(chat: ChatSettings, timeoutMs = 30_000): Promise<ChatOpenAI> {
  const { ChatOpenAI } = await import('@langchain/openai')
  return new ChatOpenAI({
    model: chat.model,
    apiKey: chat.apiKey,
    temperature: 0,
    maxRetries: 1,
    timeout: timeoutMs,
    // Explicit so an ambient OPENAI_BASE_URL cannot silently redirect requests.
    configuration: { baseURL: chat.baseURL ?? 'https://api.openai.com/v1' },
  })
}
