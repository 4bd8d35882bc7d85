/** Where a piece's requests go and what they carry, read from the connection's props by each piece's `connectionOf`. */
export interface Connection {
  baseUrl: string;
  token: string;
}

/** What a CustomAuth's `validate` answers: the connection form shows `error` as it is. */
export type ConnectionCheck = { valid: true } | { valid: false; error: string };
