package forecast_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
)

func TestParseUsage(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    forecast.Usage
		wantErr string
	}{
		{name: "YAML by logical ID and type", in: "version: 1\nOrdersFunction:\n  monthlyRequests: 5e6\nAWS::S3::Bucket:\n  storageGB: 50\n",
			want: forecast.Usage{"OrdersFunction": {"monthlyRequests": 5e6}, "AWS::S3::Bucket": {"storageGB": 50}}},
		{name: "JSON", in: `{"infra/a.yaml#Fn": {"averageDurationMs": 120}}`, want: forecast.Usage{"infra/a.yaml#Fn": {"averageDurationMs": 120}}},
		{name: "empty", in: "", want: forecast.Usage{}},
		{name: "typo in a usage name", in: "Fn:\n  monthlyRequest: 5\n", wantErr: `unknown usage "monthlyRequest"`},
		{name: "negative", in: "Fn:\n  monthlyRequests: -1\n", wantErr: "non-negative number"},
		{name: "not a number", in: "Fn:\n  monthlyRequests: lots\n", wantErr: "non-negative number"},
		{name: "infinity", in: "Fn:\n  monthlyRequests: .inf\n", wantErr: "non-negative number"},
		{name: "not a mapping", in: "- a\n- b\n", wantErr: "want a mapping"},
		{name: "entry not a mapping", in: "Fn: 3\n", wantErr: "must map usage names"},
		{name: "duplicate entry", in: "Fn:\n  storageGB: 1\nFn:\n  storageGB: 2\n", wantErr: ""},
		{name: "unsupported version", in: "version: 2\n", wantErr: "unsupported version"},
		{name: "aliases", in: "a: &x {storageGB: 1}\nb: *x\n", wantErr: "aliases are not allowed"},
		{name: "binary", in: "\x00\x01", wantErr: "binary"},
		{name: "malformed", in: "Fn: {storageGB: [", wantErr: "parse usage file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := forecast.ParseUsage([]byte(tt.in))
			if tt.name == "duplicate entry" {
				// YAML itself rejects duplicate keys; either way the file is refused.
				if err == nil {
					t.Fatalf("ParseUsage accepted a duplicate key: %v", got)
				}
				return
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v; want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v; want %v", got, tt.want)
			}
			for k, vals := range tt.want {
				for name, v := range vals {
					if got[k][name] != v {
						t.Errorf("%s.%s = %v; want %v", k, name, got[k][name], v)
					}
				}
			}
		})
	}
	t.Run("oversized", func(t *testing.T) {
		if _, err := forecast.ParseUsage(make([]byte, forecast.MaxUsageFileSize+1)); err == nil {
			t.Error("accepted an oversized file")
		}
	})
}

func TestUsageKeysDocumented(t *testing.T) {
	for name, desc := range forecast.UsageKeys() {
		if desc == "" {
			t.Errorf("usage %s has no description", name)
		}
	}
	if _, ok := forecast.UsageKeys()["monthlyRequests"]; !ok {
		t.Error("monthlyRequests is not a usage key")
	}
}

func FuzzParseUsage(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join(fixtures, "orders", "usage.yml")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"Fn":{"storageGB":1e308}}`))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		u, err := forecast.ParseUsage(data)
		if err != nil {
			return
		}
		for k, vals := range u {
			for name, v := range vals {
				if v < 0 || v != v {
					t.Errorf("%s.%s = %v accepted", k, name, v)
				}
			}
		}
	})
}
