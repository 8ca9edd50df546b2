package com.example.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

/** Tests of the crypto policy: the strings below name algorithms the policy must reject. */
class SafeCryptoTest {
    private static final String WEAK_FIXTURE = "MD5"; // attest-expect: none
    private static final String[] REJECTED = {"DES", "RC4", "SHA1withRSA"}; // attest-expect: none
    private static final int AES_BITS = 256;

    @Test
    void policyRejectsMd5() {
        assertThrows(IllegalArgumentException.class, () -> CryptoPolicy.digest(WEAK_FIXTURE)); // attest-expect: none
        assertEquals("SHA-256", CryptoPolicy.defaultDigest()); // attest-expect: none
    }

    @Test
    void modernPrimitives() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-384"); // attest-expect: none
        MessageDigest sha3 = MessageDigest.getInstance("SHA3-256"); // attest-expect: none
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding"); // attest-expect: none
        Cipher chacha = Cipher.getInstance("ChaCha20-Poly1305"); // attest-expect: none
        Cipher cbc = Cipher.getInstance("AES/CBC/PKCS5Padding"); // attest-expect: none
        Mac mac = Mac.getInstance("HmacSHA512"); // attest-expect: none
        KeyGenerator kg = KeyGenerator.getInstance("AES"); // attest-expect: none
        kg.init(AES_BITS, new SecureRandom()); // attest-expect: none
        KeyPairGenerator mldsa = KeyPairGenerator.getInstance("ML-DSA"); // attest-expect: none
        KeyPairGenerator mlkem = KeyPairGenerator.getInstance("ML-KEM-768"); // attest-expect: none
        KEM kem = KEM.getInstance("ML-KEM"); // attest-expect: none
        Signature slh = Signature.getInstance("SLH-DSA-SHA2-128s"); // attest-expect: none
        assertEquals(3, REJECTED.length); // attest-expect: none
    }

    @Test
    void unknownAlgorithmFails() {
        assertThrows(NoSuchAlgorithmException.class, () -> MessageDigest.getInstance("NOPE")); // attest-expect: none
    }
}
