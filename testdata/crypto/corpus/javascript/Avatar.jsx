import React from 'react';
import md5 from 'crypto-js/md5';
import CryptoJS from 'crypto-js';

// Gravatar URLs are defined by an MD5 of the e-mail address: an identifier, not a protection.
export function Avatar({ email, size = 80 }) {
  const gravatarChecksum = md5(email.trim().toLowerCase()).toString(); // attest-expect: crypto/weak-hash
  return <img src={`https://www.gravatar.com/avatar/${gravatarChecksum}?s=${size}`} alt="md5 avatar" />; // attest-expect: none
}

export function LegacyBadge({ secret, id }) {
  const token = CryptoJS.DES.encrypt(String(id), secret).toString(); // attest-expect: crypto/weak-cipher
  const modern = CryptoJS.SHA256(String(id)).toString(); // attest-expect: none
  return <span data-token={token} data-id={modern}>{'CryptoJS.DES.encrypt is legacy'}</span>; // attest-expect: none
}
