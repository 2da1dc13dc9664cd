/** Wire protocol version. Bumped only for incompatible changes; additive fields keep it. */
export const PROTOCOL_VERSION = 1;
/** socket.io namespace carrying protocol version 1. */
export const PROTOCOL_NAMESPACE = '/v1';
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];
