// Package router decides what an EventBridge event starts: which flow, under which run ID, about which
// subject, or nothing and why. Its Service stores the raw event for the steps and starts the flow once per
// event identity, so a duplicate delivery starts nothing new.
package router
