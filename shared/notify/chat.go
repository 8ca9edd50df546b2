package notify

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/run"
)

// ChatNotification is an AWS Chatbot (Amazon Q Developer in chat applications) custom notification: an SNS
// message in this shape is rendered in Slack, Microsoft Teams or Amazon Chime with a title, a Markdown
// description and next steps.
type ChatNotification struct {
	Version  string       `json:"version"` // "1.0"
	Source   string       `json:"source"`  // "custom"
	ID       string       `json:"id,omitempty"`
	Content  ChatContent  `json:"content"`
	Metadata ChatMetadata `json:"metadata,omitempty"`
}

// ChatContent is what the chat channel shows.
type ChatContent struct {
	TextType    string   `json:"textType"` // "client-markdown"
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	NextSteps   []string `json:"nextSteps,omitempty"`
	Keywords    []string `json:"keywords,omitempty"`
}

// ChatMetadata groups notifications: messages of one thread ID are threaded together.
type ChatMetadata struct {
	ThreadID   string            `json:"threadId,omitempty"`
	Summary    string            `json:"summary,omitempty"`
	EventType  string            `json:"eventType,omitempty"`
	Related    []string          `json:"relatedResources,omitempty"`
	Additional map[string]string `json:"additionalContext,omitempty"`
}

// maxChatDescription keeps the description short enough to read in a chat window; the pack has the rest.
const maxChatDescription = 3000

// chat renders the run as a custom notification.
func chat(st run.State, title, portalURL string) []byte {
	var d strings.Builder
	keys := make([]string, 0, len(st.Summary))
	for k := range st.Summary {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&d, "*%s*: %s\n", k, chatText(st.Summary[k]))
	}
	if len(st.Gaps) > 0 {
		d.WriteString("\n*Not done* (the pack is incomplete):\n")
		for _, g := range st.Gaps {
			fmt.Fprintf(&d, "• %s: %s\n", g.Step, chatText(g.Reason))
		}
	}
	if st.Error != nil {
		fmt.Fprintf(&d, "\n*Failed after the pack* (%s): %s\n", st.FailedStep, chatText(st.Error.Cause))
	}
	desc := d.String()
	if len(desc) > maxChatDescription {
		desc = clipSubjectTo(desc, maxChatDescription)
	}
	var next []string
	if st.PackID != "" {
		if portalURL != "" {
			next = append(next, fmt.Sprintf("Open the evidence pack: %s", packURL(portalURL, st.PackID)))
		} else {
			next = append(next, "Evidence pack "+st.PackID)
		}
	}
	if st.Subject.PullRequestID != "" {
		next = append(next, fmt.Sprintf("Read Attest's comment on pull request %s of %s", st.Subject.PullRequestID, st.Subject.Repository))
	}
	if len(st.Gaps) > 0 {
		next = append(next, "Re-run once the missing steps can complete: an incomplete pack cannot say there are no findings")
	}
	n := ChatNotification{
		Version: "1.0", Source: "custom", ID: st.RunID,
		Content: ChatContent{TextType: "client-markdown", Title: title, Description: desc, NextSteps: next,
			Keywords: keywords(st)},
		Metadata: ChatMetadata{ThreadID: thread(st), Summary: title, EventType: "attest." + string(st.Flow)},
	}
	b, err := json.Marshal(n)
	if err != nil {
		// Only strings and slices of strings: cannot fail.
		return nil
	}
	return b
}

// thread keeps the notifications of one stream together: a pull request, a branch, an alarm, a resource.
func thread(st run.State) string {
	s := st.Subject
	switch {
	case s.PullRequestID != "":
		return "attest/" + s.Repository + "/pr/" + s.PullRequestID
	case st.Flow == run.FlowPush:
		return "attest/" + s.Repository + "/" + s.Reference
	case st.Flow == run.FlowAlarm:
		return "attest/alarm/" + s.Alarm
	case st.Flow == run.FlowConfig:
		return "attest/" + s.ResourceType + "/" + s.ResourceID
	}
	return "attest/" + st.RunID
}

func keywords(st run.State) []string {
	k := []string{string(st.Flow)}
	if st.Status != "" {
		k = append(k, st.Status)
	}
	if st.Subject.Repository != "" {
		k = append(k, st.Subject.Repository)
	}
	return k
}

// chatText keeps a fact on one line, and away from the chat's Markdown link and mention syntax.
func chatText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return chatEscaper.Replace(s)
}

var chatEscaper = strings.NewReplacer("<", "‹", ">", "›", "@", "(at)")

// clipSubjectTo shortens s to at most n bytes at a line end.
func clipSubjectTo(s string, n int) string {
	s = s[:n]
	if i := strings.LastIndexByte(s, '\n'); i > 0 {
		s = s[:i+1]
	}
	return s + "…\n"
}
