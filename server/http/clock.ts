/** Injected so tests can put the server in any week. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
