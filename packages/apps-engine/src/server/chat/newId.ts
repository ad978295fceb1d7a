import { randomBytes } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** A random 17-character id in Rocket.Chat's alphabet (rooms, messages, users it creates). */
export function newId(): string {
  const bytes = randomBytes(17);
  let id = '';
  for (const byte of bytes) {
    id += ALPHABET[byte % ALPHABET.length];
  }
  return id;
}
