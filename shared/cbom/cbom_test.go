package cbom

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/attestdev/attest/shared/finding"
)

// schema compiles the official CycloneDX 1.6 JSON schema from testdata, offline.
func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "cbom", "schema")
	c := jsonschema.NewCompiler()
	for file, url := range map[string]string{
		"bom-1.6.SNAPSHOT.schema.json":  "http://cyclonedx.org/schema/bom-1.6.schema.json",
		"jsf-0.82.SNAPSHOT.schema.json": "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json",
		"spdx.SNAPSHOT.schema.json":     "http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json",
	} {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("http://cyclonedx.org/schema/bom-1.6.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sampleReport() *finding.Report {
	return &finding.Report{
		Rules: []finding.Rule{
			{ID: "ATT-CRYPTO-WEAK-HASH", Class: "crypto/weak-hash"},
			{ID: "ATT-CRYPTO-SHORT-KEY-RSA", Class: "crypto/short-key"},
			{ID: "ATT-CRYPTO-QUANTUM-VULNERABLE-RSA", Class: "crypto/quantum-vulnerable"},
			{ID: "ATT-CRYPTO-ECB-MODE", Class: "crypto/ecb-mode"},
			{ID: "s3-bucket-level-public-access-prohibited", Class: "iac"},
		},
		Findings: []finding.Finding{
			{RuleID: "ATT-CRYPTO-WEAK-HASH", Path: "app/orders.py", Line: 12, Props: map[string]string{"algorithm": "MD5", "api": "hashlib.md5"}},
			{RuleID: "ATT-CRYPTO-WEAK-HASH", Path: "app/etag.py", Line: 3, Props: map[string]string{"algorithm": "MD5", "api": "hashlib.md5"}},
			{RuleID: "ATT-CRYPTO-SHORT-KEY-RSA", Path: "signer/signer.go", Line: 15, Props: map[string]string{"algorithm": "RSA", "keySize": "1024"}},
			{RuleID: "ATT-CRYPTO-QUANTUM-VULNERABLE-RSA", Path: "keys.py", Line: 7, Props: map[string]string{"algorithm": "RSA", "keySize": "2048"}},
			{RuleID: "ATT-CRYPTO-ECB-MODE", Path: "Enc.java", Line: 9, Props: map[string]string{"algorithm": "AES", "mode": "ECB", "keySize": "128"}},
			{RuleID: "s3-bucket-level-public-access-prohibited", Path: "t.yaml", Line: 4},
		},
	}
}

func TestBuildValidatesAgainstCycloneDX16(t *testing.T) {
	bom, err := Build(sampleReport(), Options{Subject: "attest-sample", Version: "0.1.0", Now: time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Encode(bom)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema(t).Validate(doc); err != nil {
		t.Fatalf("CBOM does not validate against the CycloneDX 1.6 schema: %v\n%s", err, b)
	}
	var got cdx.BOM
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.SpecVersion != cdx.SpecVersion1_6 {
		t.Errorf("got spec version %v; want 1.6", got.SpecVersion)
	}
	byRef := map[string]cdx.Component{}
	for _, c := range *got.Components {
		byRef[c.BOMRef] = c
	}
	if len(byRef) != 4 {
		t.Errorf("got components %v; want MD5, RSA-1024, RSA-2048 and AES-128-ECB (IaC findings are not cryptography)", keys(byRef))
	}
	for ref, c := range byRef {
		if c.Type != cdx.ComponentTypeCryptographicAsset {
			t.Errorf("%s: got type %q; want cryptographic-asset", ref, c.Type)
		}
	}
	md5 := byRef["crypto/algorithm/md5"]
	if md5.CryptoProperties == nil || md5.CryptoProperties.OID != "1.2.840.113549.2.5" || len(*md5.Evidence.Occurrences) != 2 {
		t.Errorf("MD5: got %+v; want OID 1.2.840.113549.2.5 and two occurrences", md5)
	}
	rsa := byRef["crypto/algorithm/rsa-1024"].CryptoProperties.AlgorithmProperties
	if *rsa.ClassicalSecurityLevel != 80 || *rsa.NistQuantumSecurityLevel != 0 || rsa.ParameterSetIdentifier != "1024" {
		t.Errorf("RSA-1024: got classical %d, quantum %d, parameters %q; want 80, 0, 1024", *rsa.ClassicalSecurityLevel, *rsa.NistQuantumSecurityLevel, rsa.ParameterSetIdentifier)
	}
	aes := byRef["crypto/algorithm/aes-128-ecb"].CryptoProperties.AlgorithmProperties
	if aes.Mode != cdx.CryptoAlgorithmModeECB || *aes.NistQuantumSecurityLevel != 1 {
		t.Errorf("AES-128-ECB: got mode %q, quantum %d; want ecb, 1", aes.Mode, *aes.NistQuantumSecurityLevel)
	}
	if s := Summary(&got); s["crypto/weak-hash"] != 2 || s["crypto/short-key"] != 1 {
		t.Errorf("summary: got %v", s)
	}
}

func keys(m map[string]cdx.Component) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
