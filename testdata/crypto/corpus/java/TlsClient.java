package com.example.http;

import java.io.IOException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;

/** HTTPS clients for the partner integrations. Never use SSLContext.getInstance("SSLv3") here. */
public class TlsClient {
    private static final String[] LEGACY_PROTOCOLS = {"TLSv1", "TLSv1.1", "TLSv1.2"};
    private static final String[] MODERN_PROTOCOLS = {"TLSv1.3", "TLSv1.2"}; // attest-expect: none
    private static final String PROTOCOL = "TLSv1.1";

    SSLContext legacyContext() throws GeneralSecurityException {
        return SSLContext.getInstance(PROTOCOL); // attest-expect: crypto/weak-tls
    }

    SSLContext sslContext() throws GeneralSecurityException {
        return SSLContext.getInstance("SSL"); // attest-expect: crypto/weak-tls
    }

    SSLContext modernContext() throws GeneralSecurityException {
        return SSLContext.getInstance("TLSv1.3"); // attest-expect: none
    }

    SSLContext defaultContext() throws GeneralSecurityException {
        return SSLContext.getInstance("TLS"); // attest-expect: none
    }

    void legacyPartner(SSLSocket socket) {
        socket.setEnabledProtocols(LEGACY_PROTOCOLS); // attest-expect: crypto/weak-tls
    }

    void modernPartner(SSLSocket socket) {
        socket.setEnabledProtocols(MODERN_PROTOCOLS); // attest-expect: none
    }

    void inlinePartner(SSLSocket socket) {
        socket.setEnabledProtocols(new String[] {"SSLv3", "TLSv1.2"}); // attest-expect: crypto/weak-tls
    }

    SSLParameters parameters() {
        SSLParameters params = new SSLParameters();
        params.setProtocols(new String[] {"TLSv1.2", "TLSv1.3"}); // attest-expect: none
        return params;
    }

    void systemWide() {
        System.setProperty("https.protocols", "TLSv1,TLSv1.1,TLSv1.2"); // attest-expect: crypto/weak-tls
        System.setProperty("https.cipherSuites", "TLS_AES_256_GCM_SHA384"); // attest-expect: none
    }

    /** Trusts every server: only for the local mock partner. */
    static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) { // attest-expect: crypto/weak-tls
            // accept anything
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    static final class PinnedTrust implements X509TrustManager {
        private final X509TrustManager delegate;

        PinnedTrust(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException { // attest-expect: none
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    SSLSocketFactory trustAllFactory() throws GeneralSecurityException {
        TrustManager[] trustAll = new TrustManager[] {
            new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) {}
                public void checkServerTrusted(X509Certificate[] c, String a) {} // attest-expect: crypto/weak-tls
                public X509Certificate[] getAcceptedIssuers() { return null; }
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLSv1.2"); // attest-expect: none
        ctx.init(null, trustAll, null);
        return ctx.getSocketFactory();
    }

    HttpsURLConnection open(URL url) throws IOException {
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
        conn.setHostnameVerifier((hostname, session) -> true); // attest-expect: crypto/weak-tls
        return conn;
    }

    HttpsURLConnection openChecked(URL url) throws IOException {
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
        conn.setHostnameVerifier((hostname, session) -> hostname.endsWith(".example.com")); // attest-expect: none
        return conn;
    }

    static final HostnameVerifier ALLOW_ALL = new HostnameVerifier() {
        @Override
        public boolean verify(String hostname, SSLSession session) { // attest-expect: crypto/weak-tls
            return true;
        }
    };

    SSLConnectionSocketFactory apacheFactory(SSLContext ctx) {
        return new SSLConnectionSocketFactory(ctx, NoopHostnameVerifier.INSTANCE); // attest-expect: crypto/weak-tls
    }

    SSLConnectionSocketFactory apacheDefault(SSLContext ctx) {
        return new SSLConnectionSocketFactory(ctx, SSLConnectionSocketFactory.getDefaultHostnameVerifier()); // attest-expect: none
    }
}
