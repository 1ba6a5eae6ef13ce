/** The REST message, rebuilt from what the Apps Engine hands the app (docs/push.get.md). */
export { withParsedMarkdown } from './markdown';
export type { AppMessageLike, RestMessage, RestUser } from './restMessage';
export { toRestMessage, toRestThreadMessage } from './restMessage';
