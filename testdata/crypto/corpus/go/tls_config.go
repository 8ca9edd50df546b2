// Package transport builds the TLS configurations of the service's clients and servers.
package transport

import (
	"crypto/tls"
	"net/http"
	"os"
)

// legacyFloor is what the mainframe gateway speaks.
const legacyFloor = tls.VersionTLS10

// Options are the knobs operators may set.
type Options struct {
	InsecureSkipVerify bool // attest-expect: none
	MinVersion         uint16
}

// Server returns the public listener's configuration.
func Server() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12, // attest-expect: none
		CurvePreferences: []tls.CurveID{ // attest-expect: none
			tls.X25519MLKEM768,
			tls.X25519,
		},
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,     // attest-expect: none
			tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, // attest-expect: none
		},
	}
}

// Mainframe returns the configuration for the legacy gateway.
func Mainframe() *tls.Config {
	return &tls.Config{
		MinVersion:         legacyFloor, // attest-expect: crypto/weak-tls
		InsecureSkipVerify: true,        // attest-expect: crypto/weak-tls
		CipherSuites: []uint16{
			tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA,         // attest-expect: crypto/weak-tls
			tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,    // attest-expect: crypto/weak-tls
			tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, // attest-expect: none
		},
		CurvePreferences: []tls.CurveID{tls.CurveP256, tls.X25519}, // attest-expect: crypto/quantum-vulnerable
	}
}

// Client returns an HTTP client; opts come from the operator's configuration.
func Client(opts Options) *http.Client {
	cfg := &tls.Config{MinVersion: tls.VersionTLS13} // attest-expect: none
	cfg.InsecureSkipVerify = opts.InsecureSkipVerify // attest-expect: none
	if opts.MinVersion != 0 {
		cfg.MinVersion = opts.MinVersion // attest-expect: none
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

// Debug returns a client for a local test server with a self-signed certificate.
func Debug() *tls.Config {
	cfg := &tls.Config{}
	cfg.InsecureSkipVerify = true     // attest-expect: crypto/weak-tls
	cfg.MaxVersion = tls.VersionTLS11 // attest-expect: crypto/weak-tls
	cfg.InsecureSkipVerify = false    // attest-expect: none
	return cfg
}

// Negotiated reports whether a connection fell back to an old version.
func Negotiated(cs tls.ConnectionState) bool {
	return cs.Version == tls.VersionTLS10 || cs.Version == tls.VersionTLS11 // attest-expect: none
}

func init() {
	// A proxy in the data centre rejects large ClientHellos.
	os.Setenv("GODEBUG", "tlsmlkem=0")                   // attest-expect: crypto/quantum-vulnerable
	os.Setenv("GODEBUG_NOTE", "tlsmlkem=0 is set above") // attest-expect: none
	os.Setenv("APP_TLS", "InsecureSkipVerify: true")     // attest-expect: none
}
