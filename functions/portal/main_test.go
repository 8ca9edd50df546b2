package main

import "testing"

func TestFromEnv(t *testing.T) {
	full := map[string]string{"EVIDENCE_BUCKET": "ev", "WORK_BUCKET": "work", "SIGNING_KEY_ID": "arn:aws:kms:eu-west-1:1:key/k"}
	cases := []struct {
		name    string
		drop    string
		wantErr bool
	}{
		{"complete", "", false},
		{"no evidence bucket", "EVIDENCE_BUCKET", true},
		{"no work bucket", "WORK_BUCKET", true},
		{"no signing key", "SIGNING_KEY_ID", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := fromEnv(func(k string) string {
				if k == tc.drop {
					return ""
				}
				return full[k]
			})
			if (err != nil) != tc.wantErr {
				t.Fatalf("got error %v; want error: %v", err, tc.wantErr)
			}
			if err == nil && s.group != "auditors" {
				t.Errorf("got group %q; want the default auditors", s.group)
			}
		})
	}
}
