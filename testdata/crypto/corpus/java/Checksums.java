package com.example.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.apache.commons.codec.digest.DigestUtils;

import static org.apache.commons.codec.digest.DigestUtils.md5Hex;

/**
 * Object-store helpers. S3 requires Content-MD5 and reports MD5 ETags, so MD5 stays here for that format only.
 */
public class Checksums {
    /** The S3 ETag of a single-part upload is the hex MD5 of the body. */
    public static String etag(byte[] body) {
        return md5Hex(body); // attest-expect: crypto/weak-hash
    }

    public static byte[] contentMd5(byte[] body) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("MD5").digest(body); // attest-expect: crypto/weak-hash
    }

    public static String cacheKey(String url) {
        String cacheKey = DigestUtils.sha1Hex(url); // attest-expect: crypto/weak-hash
        return "v2:" + cacheKey;
    }

    public static long crc(byte[] body) {
        CRC32 crc = new CRC32(); // attest-expect: none
        crc.update(body);
        return crc.getValue();
    }

    public static String sha256(byte[] body) {
        return DigestUtils.sha256Hex(body); // attest-expect: none
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest); // attest-expect: none
    }

    public static boolean isLegacyAlgorithm(String name) {
        return "MD5".equalsIgnoreCase(name) || "SHA-1".equalsIgnoreCase(name); // attest-expect: none
    }
}
