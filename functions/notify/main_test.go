package main

import "testing"

func TestLoadEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		hub  bool
		err  bool
	}{
		{"topic only", map[string]string{"TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:t"}, false, false},
		{"security hub", map[string]string{"TOPIC_ARN": "t", "SECURITY_HUB": "true", "WORK_BUCKET": "w"}, true, false},
		{"security hub without bucket", map[string]string{"TOPIC_ARN": "t", "SECURITY_HUB": "true"}, false, true},
		{"no topic", map[string]string{}, false, true},
		{"digest", map[string]string{"TOPIC_ARN": "t", "DIGEST": "true", "EVIDENCE_BUCKET": "e"}, false, false},
		{"digest without evidence bucket", map[string]string{"TOPIC_ARN": "t", "DIGEST": "true"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := loadEnv(func(k string) string { return tt.env[k] })
			if (err != nil) != tt.err {
				t.Fatalf("got error %v; want error %v", err, tt.err)
			}
			if err == nil && e.SecurityHub != tt.hub {
				t.Errorf("got SecurityHub %v; want %v", e.SecurityHub, tt.hub)
			}
		})
	}
}
