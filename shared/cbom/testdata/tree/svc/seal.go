package svc

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/mlkem"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
)

// Seal encrypts msg with AES-256-GCM under a fresh key.
func Seal(msg []byte) ([]byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(msg)
	return gcm.Seal(nil, make([]byte, gcm.NonceSize()), append(msg, sum[:]...), nil), nil
}

// Exchange makes an ML-KEM-768 key pair.
func Exchange() (*mlkem.DecapsulationKey768, error) { return mlkem.GenerateKey768() }

// Signer makes a classical signing key.
func Signer() (*ecdsa.PrivateKey, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) }

// Client is the TLS configuration of outbound calls.
var Client = &tls.Config{MinVersion: tls.VersionTLS13, CurvePreferences: []tls.CurveID{tls.X25519MLKEM768}}
