// Original file: llmrouter/v1/chat.proto

/**
 * The resolution hint of an image.
 */
export const ImageDetail = {
  /**
   * The provider's default.
   */
  IMAGE_DETAIL_UNSPECIFIED: 'IMAGE_DETAIL_UNSPECIFIED',
  /**
   * Let the provider choose.
   */
  IMAGE_DETAIL_AUTO: 'IMAGE_DETAIL_AUTO',
  /**
   * A low-resolution look (fewer tokens).
   */
  IMAGE_DETAIL_LOW: 'IMAGE_DETAIL_LOW',
  /**
   * A high-resolution look.
   */
  IMAGE_DETAIL_HIGH: 'IMAGE_DETAIL_HIGH',
} as const;

/**
 * The resolution hint of an image.
 */
export type ImageDetail =
  /**
   * The provider's default.
   */
  | 'IMAGE_DETAIL_UNSPECIFIED'
  | 0
  /**
   * Let the provider choose.
   */
  | 'IMAGE_DETAIL_AUTO'
  | 1
  /**
   * A low-resolution look (fewer tokens).
   */
  | 'IMAGE_DETAIL_LOW'
  | 2
  /**
   * A high-resolution look.
   */
  | 'IMAGE_DETAIL_HIGH'
  | 3

/**
 * The resolution hint of an image.
 */
export type ImageDetail__Output = typeof ImageDetail[keyof typeof ImageDetail]
