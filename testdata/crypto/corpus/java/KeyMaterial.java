package com.example.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/** Key generation for the signing service and the data-encryption keys. */
public class KeyMaterial {
    static final int LEGACY_RSA_BITS = 1024;
    static final int RSA_BITS = 2 * 1024;
    private static final int DSA_BITS = 1024;
    private static final String KEY_ALG = "RSA";
    private final int dhBits = 1024;

    KeyPair legacyRsa() throws GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance(KEY_ALG);
        kpg.initialize(LEGACY_RSA_BITS); // attest-expect: crypto/short-key
        return kpg.generateKeyPair();
    }

    KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(RSA_BITS, new SecureRandom()); // attest-expect: crypto/quantum-vulnerable
        return kpg.generateKeyPair();
    }

    KeyPair rsaFromSpec() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(new RSAKeyGenParameterSpec(512, RSAKeyGenParameterSpec.F4)); // attest-expect: crypto/short-key
        return gen.generateKeyPair();
    }

    KeyPair rsaLocalSize() throws GeneralSecurityException {
        int bits = 768;
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(bits); // attest-expect: crypto/short-key
        return gen.generateKeyPair();
    }

    KeyPair rsaProviderDefault() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA"); // attest-expect: crypto/quantum-vulnerable
        return gen.generateKeyPair();
    }

    KeyPair rsaCallerSize(int bits) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(bits); // attest-expect: crypto/quantum-vulnerable
        return gen.generateKeyPair();
    }

    KeyPair dsa() throws GeneralSecurityException {
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(DSA_BITS); // attest-expect: crypto/short-key
        return dsa.generateKeyPair();
    }

    KeyPair dh() throws GeneralSecurityException {
        KeyPairGenerator dh = KeyPairGenerator.getInstance("DH");
        dh.initialize(this.dhBits); // attest-expect: crypto/short-key
        return dh.generateKeyPair();
    }

    KeyPair dh3072() throws GeneralSecurityException {
        KeyPairGenerator dh = KeyPairGenerator.getInstance("DiffieHellman");
        dh.initialize(3072); // attest-expect: crypto/quantum-vulnerable
        return dh.generateKeyPair();
    }

    KeyPair ecP256() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1")); // attest-expect: crypto/quantum-vulnerable
        return ec.generateKeyPair();
    }

    KeyPair ecP192() throws GeneralSecurityException {
        ECGenParameterSpec spec = new ECGenParameterSpec("secp192r1"); // attest-expect: crypto/short-key
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(spec);
        return ec.generateKeyPair();
    }

    KeyPair ecBits() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(160); // attest-expect: crypto/short-key
        return ec.generateKeyPair();
    }

    KeyPair ed25519() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair(); // attest-expect: crypto/quantum-vulnerable
    }

    KeyPair x25519() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("X25519").generateKeyPair(); // attest-expect: crypto/quantum-vulnerable
    }

    KeyPair mlDsa() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("ML-DSA-65").generateKeyPair(); // attest-expect: none
    }

    KeyAgreement ecdh() throws GeneralSecurityException {
        return KeyAgreement.getInstance("ECDH"); // attest-expect: crypto/quantum-vulnerable
    }

    KeyAgreement xdh() throws GeneralSecurityException {
        return KeyAgreement.getInstance("X25519"); // attest-expect: crypto/quantum-vulnerable
    }

    KeyFactory rsaKeys() throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA"); // attest-expect: crypto/quantum-vulnerable
    }

    SecretKey desKey() throws GeneralSecurityException {
        return KeyGenerator.getInstance("DES").generateKey(); // attest-expect: crypto/weak-cipher
    }

    SecretKey shortAesKey() throws GeneralSecurityException {
        KeyGenerator kg = KeyGenerator.getInstance("AES"); // attest-expect: none
        kg.init(64); // attest-expect: crypto/short-key
        return kg.generateKey();
    }

    SecretKey aesKey() throws GeneralSecurityException {
        KeyGenerator kg = KeyGenerator.getInstance("AES"); // attest-expect: none
        kg.init(256); // attest-expect: none
        return kg.generateKey();
    }

    int keyBits() {
        return LEGACY_RSA_BITS; // attest-expect: none
    }
}
