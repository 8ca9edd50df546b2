package explain

import (
	"reflect"
	"testing"
)

func TestLambdaTasks(t *testing.T) {
	tests := []struct {
		name, def   string
		wantTasks   map[string][]string
		wantDynamic []string
		wantErr     bool
	}{
		{name: "function ARN as resource, with alias",
			def:       `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:charge:live","End":true}}}`,
			wantTasks: map[string][]string{"charge": {"A"}}},
		{name: "lambda:invoke with a name, nested in Parallel and Map",
			def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"bill"},"End":true}}}],"Next":"M"},
			"M":{"Type":"Map","ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:bill:3"},"End":true}}},"End":true}}}`,
			wantTasks: map[string][]string{"bill": {"B", "C"}}},
		{name: "function chosen at run time",
			def:         `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.fn"},"Next":"J"},"J":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"{% $states.input.fn %}"},"End":true}}}`,
			wantTasks:   map[string][]string{},
			wantDynamic: []string{"A", "J"}},
		{name: "JSONata arguments with a literal name",
			def:       `{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"ship"},"End":true}}}`,
			wantTasks: map[string][]string{"ship": {"A"}}},
		{name: "other integrations and a look-alike in a Pass state",
			def:       `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Next":"B"},"B":{"Type":"Pass","Result":{"Resource":"arn:aws:lambda:us-east-1:1:function:x"},"End":true}}}`,
			wantTasks: map[string][]string{}},
		{name: "not JSON", def: `StartAt: A`, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tasks, dynamic, err := lambdaTasks(tc.def)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v; want error %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if !reflect.DeepEqual(tasks, tc.wantTasks) || !reflect.DeepEqual(dynamic, tc.wantDynamic) {
				t.Errorf("tasks %v, dynamic %v; want %v, %v", tasks, dynamic, tc.wantTasks, tc.wantDynamic)
			}
		})
	}
}

func FuzzLambdaTasks(f *testing.F) {
	f.Add(`{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"End":true}}}`)
	f.Add(`{"States":{"P":{"Type":"Parallel","Branches":[{"States":{"P":{"Type":"Parallel"}}}]}}}`)
	f.Fuzz(func(t *testing.T, def string) {
		_, _, _ = lambdaTasks(def) // must not panic or loop
	})
}
