package com.example.payments;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.net.ssl.*;
import org.apache.commons.codec.digest.DigestUtils;

/** Payment token handling. The MD5 mentioned here is a comment, not a use. */
public class Sample {
    private static final String LEGACY_HASH = "SHA-1";
    private static final int RSA_BITS = 1024;
    private static final String[] PROTOCOLS = {"TLSv1.1", "TLSv1.2"};

    byte[] fingerprint(byte[] data) throws Exception {
        MessageDigest md = MessageDigest.getInstance(LEGACY_HASH);
        return md.digest(data);
    }

    String etag(byte[] body) {
        return DigestUtils.md5Hex(body);
    }

    byte[] encrypt(byte[] key, byte[] data) throws Exception {
        Cipher c = Cipher.getInstance("AES");
        Cipher d = Cipher.getInstance("DESede/CBC/PKCS5Padding");
        Cipher ok = Cipher.getInstance("AES/GCM/NoPadding");
        return c.doFinal(data);
    }

    void keys() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(RSA_BITS);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPairGenerator weakEc = KeyPairGenerator.getInstance("EC");
        weakEc.initialize(new ECGenParameterSpec("secp192r1"));
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(64);
        Signature s1 = Signature.getInstance("SHA1withRSA");
        Signature s2 = Signature.getInstance("SHA256withECDSA");
    }

    void tls(SSLSocket socket) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1");
        socket.setEnabledProtocols(PROTOCOLS);
        HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true);
    }

    static class TrustAll implements X509TrustManager {
        public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}
        public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}
        public java.security.cert.X509Certificate[] getAcceptedIssuers() { return null; }
    }
}
