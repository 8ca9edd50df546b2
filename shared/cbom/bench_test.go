package cbom

import (
	"fmt"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/finding"
)

// BenchmarkBuild builds and encodes the CBOM of a large repository's inventory: 20,000 uses of 40 algorithms
// in 2,000 files.
func BenchmarkBuild(b *testing.B) {
	algs := []finding.CryptoAsset{
		{Algorithm: "AES", Primitive: "ae", KeySize: 256, Mode: "gcm", Class: "safe"},
		{Algorithm: "SHA-256", Primitive: "hash", Class: "safe"},
		{Algorithm: "RSA", Primitive: "pke", KeySize: 2048, Class: "crypto/quantum-vulnerable"},
		{Algorithm: "ML-KEM", Primitive: "kem", ParameterSet: "768", Class: "safe"},
		{Algorithm: "MD5", Primitive: "hash", Class: "crypto/weak-hash"},
	}
	rep := &finding.Report{}
	for i := range 20000 {
		a := algs[i%len(algs)]
		a.Kind, a.Path, a.Line, a.Column, a.API = finding.AssetAlgorithm, fmt.Sprintf("pkg%d/f.go", i%2000), i%500+1, 3, "api"
		if i%8 == 0 {
			a.KeySize += (i / 8 % 4) * 64 // more parameter sets, more components
		}
		rep.Assets = append(rep.Assets, a)
	}
	now := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		bom, err := Build(rep, Options{Subject: "bench", Version: "test", Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Encode(bom); err != nil {
			b.Fatal(err)
		}
	}
}
