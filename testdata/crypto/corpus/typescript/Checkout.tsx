import React, { useMemo } from 'react';
import CryptoJS from 'crypto-js';
import md5 from 'crypto-js/md5';

type Props = { cardToken: string; secret: string; items: string[] };

export function Checkout({ cardToken, secret, items }: Props): JSX.Element {
  const sealed = useMemo(() => CryptoJS.TripleDES.encrypt(cardToken, secret).toString(), [cardToken, secret]); // attest-expect: crypto/weak-cipher
  const ecb = CryptoJS.AES.encrypt(cardToken, secret, { mode: CryptoJS.mode.ECB }); // attest-expect: crypto/ecb-mode
  const good = CryptoJS.AES.encrypt(cardToken, secret); // attest-expect: none
  const sig = CryptoJS.HmacSHA1(items.join(','), secret).toString(); // attest-expect: crypto/weak-hash
  const id = md5(cardToken).toString(); // attest-expect: crypto/weak-hash
  const sha = CryptoJS.SHA256(cardToken).toString(); // attest-expect: none
  return (
    <form data-sig={sig} data-id={id} data-sha={sha} data-ecb={String(ecb)} data-good={String(good)}>
      <p>We never use MD5 or DES for your card data.</p> {/* attest-expect: none */}
      <input type="hidden" name="token" value={sealed} />
    </form>
  );
}
