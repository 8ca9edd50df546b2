package com.example.crypto.tests;

import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Names that look like cryptography but are not the JCA: a project-local Cipher, a hashing strategy enum,
 * configuration strings and log messages. Cipher.getInstance("DES") in this comment is not a call.
 */
public class LookAlikes {
    private static final Logger LOG = Logger.getLogger("crypto");
    private static final Map<String, String> ALIASES = Map.of("MD5", "md5", "SHA-1", "sha1"); // attest-expect: none
    private static final List<String> BANNED = List.of("DES", "RC4", "TLSv1", "SSLv3"); // attest-expect: none

    /** A game cipher with the JCA's method names. */
    static final class Cipher {
        static Cipher getInstance(String name) {
            return new Cipher();
        }
    }

    /** A hashing strategy, not Guava's. */
    enum Hashing {
        MD5, SHA1;

        static Hashing md5() {
            return MD5;
        }
    }

    interface Registry {
        Object getInstance(String name);
    }

    void run(Registry registry, Object messageDigest) {
        Cipher caesar = Cipher.getInstance("DES"); // attest-expect: none
        Hashing h = Hashing.md5(); // attest-expect: none
        Object md = registry.getInstance("MD5"); // attest-expect: none
        LOG.info("MessageDigest.getInstance(\"MD5\") is banned"); // attest-expect: none
        LOG.warning("refusing SSLContext TLSv1 for partner " + md); // attest-expect: none
        String sql = "SELECT md5(password) FROM users"; // attest-expect: none
        /* KeyPairGenerator.getInstance("RSA").initialize(1024); */ // attest-expect: none
        String algorithm = "SHA1withRSA"; // attest-expect: none
        LOG.fine(algorithm + caesar + h + sql);
    }

    boolean isWeak(String algorithm) {
        switch (algorithm) {
            case "MD5": // attest-expect: none
            case "SHA1": // attest-expect: none
                return true;
            default:
                return false;
        }
    }

    String initialize(int bits) {
        return "initialize(" + bits + ")"; // attest-expect: none
    }
}
