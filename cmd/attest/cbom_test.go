package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCBOMSummary(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string // lines the text must hold, spaces collapsed
	}{
		{name: "fixture tree with post-quantum uses", args: []string{"cbom", "--summary", "shared/cbom/testdata/tree"},
			want: []string{"Cryptography readiness of tree: 23 uses", "crypto/weak-hash 1", "crypto/quantum-vulnerable 3",
				"safe 19", "key exchange 6 5 83%", "signatures 5 3 60%", "all 11 8 73%"}},
		{name: "flag after the path", args: []string{"cbom", "testdata/sample-repo/02-head", "--summary"},
			want: []string{"Cryptography readiness of 02-head: 5 uses", "crypto/weak-hash 3", "crypto/short-key 1", "safe 1",
				"key exchange 1 0 0%", "signatures 0 0 0%"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := attest(t, nil, tc.args...)
			if code != exitOK {
				t.Fatalf("got exit %d: %s", code, stderr)
			}
			var lines []string
			for _, l := range strings.Split(out, "\n") {
				lines = append(lines, strings.Join(strings.Fields(l), " "))
			}
			text := strings.Join(lines, "\n")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("summary lacks %q; got\n%s", w, out)
				}
			}
			if json.Valid([]byte(out)) {
				t.Errorf("--summary printed JSON; want text")
			}
		})
	}
}

func TestCBOMInventoriesSafeAlgorithms(t *testing.T) {
	code, out, stderr := attest(t, nil, "cbom", "shared/cbom/testdata/tree")
	if code != exitOK {
		t.Fatalf("got exit %d: %s", code, stderr)
	}
	var bom struct {
		Metadata struct {
			Properties []struct{ Name, Value string } `json:"properties"`
		} `json:"metadata"`
		Components []struct {
			Name             string `json:"name"`
			CryptoProperties struct {
				AlgorithmProperties struct {
					Primitive string `json:"primitive"`
				} `json:"algorithmProperties"`
			} `json:"cryptoProperties"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(out), &bom); err != nil {
		t.Fatal(err)
	}
	prims := map[string]string{}
	for _, c := range bom.Components {
		prims[c.Name] = c.CryptoProperties.AlgorithmProperties.Primitive
	}
	for name, prim := range map[string]string{"AES-256-GCM": "ae", "ML-KEM-768": "kem", "ML-DSA-65": "signature", "SHA-384": "hash"} {
		if prims[name] != prim {
			t.Errorf("component %s: got primitive %q; want %q (components %v)", name, prims[name], prim, prims)
		}
	}
	props := map[string]string{}
	for _, p := range bom.Metadata.Properties {
		props[p.Name] = p.Value
	}
	if props["attest:readiness:post-quantum"] != "8" || props["attest:readiness:asymmetric"] != "11" {
		t.Errorf("readiness properties %v; want 8 post-quantum of 11 public-key uses", props)
	}
}

func TestCBOMUsage(t *testing.T) {
	for _, args := range [][]string{{"cbom"}, {"cbom", "a", "b"}, {"cbom", "--summary"}, {"cbom", "--nope", "x"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, stderr := attest(t, nil, args...)
			if code != exitUsage || out != "" || stderr == "" {
				t.Errorf("got exit %d, stdout %q, stderr %q; want exit %d, nothing on stdout, a reason on stderr", code, out, stderr, exitUsage)
			}
		})
	}
}
