/** Every entity of every module: used by migrations and the drift check. */
export const ALL_ENTITIES: Function[] = [];
