package com.example.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.digest.DigestUtils;
import com.google.common.hash.Hashing;

/**
 * Issues and checks session tokens. Older tokens were protected with MD5 and DES; see MIGRATION.md.
 */
public final class TokenService {
    private static final String PASSWORD_HASH = "SHA-1";
    private static final String TOKEN_CIPHER = "DESede/CBC/PKCS5Padding";
    private static final String MODERN_CIPHER = "AES/GCM/NoPadding"; // attest-expect: none
    private static final String LEGACY_NOTE = "tokens before 2019 used MD5"; // attest-expect: none

    private final byte[] key;

    public TokenService(byte[] key) {
        this.key = key.clone();
    }

    // MessageDigest.getInstance("MD5") was used here until 2020.
    byte[] hashPassword(char[] password, byte[] salt) throws GeneralSecurityException {
        MessageDigest md = MessageDigest.getInstance(PASSWORD_HASH); // attest-expect: crypto/weak-hash
        md.update(salt);
        return md.digest(new String(password).getBytes(StandardCharsets.UTF_8));
    }

    byte[] hashApiKey(byte[] apiKey) throws GeneralSecurityException {
        return MessageDigest.getInstance("MD5").digest(apiKey); // attest-expect: crypto/weak-hash
    }

    byte[] legacyDigest(byte[] in) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA"); // attest-expect: crypto/weak-hash
        return sha.digest(in);
    }

    byte[] modernDigest(byte[] in) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(in); // attest-expect: none
    }

    String sessionId(String user) {
        return DigestUtils.sha1Hex(user + System.nanoTime()); // attest-expect: crypto/weak-hash
    }

    String userKey(String user) {
        return Hashing.md5().hashString(user, StandardCharsets.UTF_8).toString(); // attest-expect: crypto/weak-hash
    }

    String safeUserKey(String user) {
        return Hashing.sha256().hashString(user, StandardCharsets.UTF_8).toString(); // attest-expect: none
    }

    byte[] encryptLegacy(byte[] data) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TOKEN_CIPHER); // attest-expect: crypto/weak-cipher
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DESede")); // attest-expect: crypto/weak-cipher
        return cipher.doFinal(data);
    }

    byte[] encryptDefault(byte[] data) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES"); // attest-expect: crypto/ecb-mode
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES")); // attest-expect: none
        return cipher.doFinal(data);
    }

    byte[] encryptEcb(byte[] data) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding"); // attest-expect: crypto/ecb-mode
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return cipher.doFinal(data);
    }

    byte[] encryptStream(byte[] data) throws GeneralSecurityException {
        Cipher rc4 = Cipher.getInstance("ARCFOUR"); // attest-expect: crypto/weak-cipher
        rc4.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "RC4")); // attest-expect: crypto/weak-cipher
        return rc4.doFinal(data);
    }

    byte[] encryptBlowfish(byte[] data) throws GeneralSecurityException {
        Cipher bf = Cipher.getInstance("Blowfish/CBC/PKCS5Padding"); // attest-expect: crypto/weak-cipher
        return bf.doFinal(data);
    }

    byte[] encryptModern(byte[] data, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(MODERN_CIPHER); // attest-expect: none
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        return cipher.doFinal(data);
    }

    SecretKeyFactory passwordKeys() throws GeneralSecurityException {
        return SecretKeyFactory.getInstance("PBEWithMD5AndDES"); // attest-expect: crypto/weak-hash,crypto/weak-cipher
    }

    SecretKeyFactory modernPasswordKeys() throws GeneralSecurityException {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256"); // attest-expect: none
    }

    Mac legacyMac() throws GeneralSecurityException {
        return Mac.getInstance("HmacMD5"); // attest-expect: crypto/weak-hash
    }

    Mac modernMac() throws GeneralSecurityException {
        return Mac.getInstance("HmacSHA256"); // attest-expect: none
    }

    Signature legacySigner() throws GeneralSecurityException {
        return Signature.getInstance("SHA1withRSA"); // attest-expect: crypto/weak-hash
    }

    Signature md5Signer() throws GeneralSecurityException {
        return Signature.getInstance("MD5withRSA"); // attest-expect: crypto/weak-hash
    }

    Signature signer() throws GeneralSecurityException {
        return Signature.getInstance("SHA256withRSA"); // attest-expect: crypto/quantum-vulnerable
    }

    Signature ecSigner() throws GeneralSecurityException {
        return Signature.getInstance("SHA384withECDSA"); // attest-expect: crypto/quantum-vulnerable
    }

    Signature edSigner() throws GeneralSecurityException {
        return Signature.getInstance("Ed25519"); // attest-expect: crypto/quantum-vulnerable
    }

    String describe() {
        return "cipher=" + TOKEN_CIPHER + ", hash=" + PASSWORD_HASH; // attest-expect: none
    }

    String encode(byte[] b) {
        return Base64.getEncoder().encodeToString(b); // attest-expect: none
    }
}
