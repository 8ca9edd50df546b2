import { createCipheriv, createHash } from 'node:crypto';
import { ml_kem768 } from '@noble/post-quantum/ml-kem';

export function encrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

export const digest = (b: Buffer) => createHash('sha512').update(b).digest('hex');

export const keys = () => ml_kem768.keygen();
