// Names that look like crypto APIs but are not.
import { createHash as projectHash } from './hash';
import type { Hash } from 'node:crypto';

class Subtle {
  generateKey(alg: { name: string; modulusLength?: number }): string {
    return alg.name;
  }
}

const subtle = new Subtle();
subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 1024 }); // attest-expect: none
projectHash('md5'); // attest-expect: none

export function describe(h: Hash | undefined): string {
  const algorithm: string = 'sha1'; // attest-expect: none
  return `${algorithm}:${h === undefined}`;
}

export const settings = {
  cipherName: 'des-ede3-cbc', // attest-expect: none
  curve: 'secp192r1', // attest-expect: none
  rejectUnauthorizedDefault: false, // attest-expect: none
};
