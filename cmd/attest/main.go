// Command attest runs Attest's services in one process: scan, forecast, explain, evaluate, the whole pipeline
// for one event, verification of evidence packs, the auditor portal, and a demo over the bundled samples.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
)

// Exit codes of the command-line contract.
const (
	exitOK       = 0
	exitBlocking = 1
	exitUsage    = 2
)

// usageError is bad usage or bad input: exit 2 with a one-line reason.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// blockingError means the command ran and found blocking results: exit 1.
type blockingError struct{ msg string }

func (e *blockingError) Error() string { return e.msg }

// cli holds what every command shares: where output goes and the environment it reads.
type cli struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

type command struct {
	summary string
	run     func(c *cli, ctx context.Context, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"scan":     {"scan files for weak and quantum-vulnerable cryptography and IaC guardrails", (*cli).scan},
		"cbom":     {"inventory the cryptography under PATH as a CycloneDX 1.6 CBOM", (*cli).cbom},
		"forecast": {"forecast the monthly cost and carbon of templates, and the change against a base", (*cli).forecast},
		"prices":   {"refresh price tables from the AWS Price List API (attest prices refresh)", (*cli).prices},
		"explain":  {"explain a CloudWatch alarm event from a context snapshot", (*cli).explain},
		"evaluate": {"evaluate an AWS Config configuration item change", (*cli).evaluate},
		"run":      {"run the whole pipeline for one event and write an evidence pack", (*cli).runEvent},
		"verify":   {"check an evidence pack, a directory of packs, an export or the whole store", (*cli).verify},
		"export":   {"export an audit period as one signed zip: packs, per-control folders, summary, OSCAL", (*cli).export},
		"portal":   {"serve the auditor portal over the store", (*cli).portal},
		"demo":     {"run every sample event through the whole pipeline", (*cli).demo},
		"digest":   {"summarise one day's evidence packs, as the daily digest notification", (*cli).digest},
		"snapshot": {"capture the context of a CloudWatch alarm from live AWS into a snapshot directory", (*cli).snapshot},
		"hook":     {"install a git pre-commit hook that runs attest scan --staged", (*cli).hook},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := (&cli{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}).main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func (c *cli) main(ctx context.Context, args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		c.usage(cmds)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(c.stderr, "attest: unknown command %q (try attest help)\n", args[0])
		return exitUsage
	}
	err := cmd.run(c, ctx, args[1:])
	var ue *usageError
	var be *blockingError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &be):
		fmt.Fprintf(c.stderr, "attest %s: %s\n", args[0], oneLine(be.msg))
		return exitBlocking
	case errors.As(err, &ue):
		fmt.Fprintf(c.stderr, "attest %s: %s\n", args[0], oneLine(ue.msg))
		return exitUsage
	default:
		fmt.Fprintf(c.stderr, "attest %s: %s\n", args[0], oneLine(err.Error()))
		return exitUsage
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (c *cli) usage(cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(c.stderr, "usage: attest <command> [flags]\n\ncommands:")
	for _, n := range names {
		fmt.Fprintf(c.stderr, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(c.stderr, "\nThe store is ./.attest unless --store DIR or ATTEST_STORE says otherwise. Run attest <command> -h for its flags.")
}

// flags returns a flag set whose errors come back as usage errors rather than exiting.
func (c *cli) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("attest "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "usage: attest %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, allowing them after positional arguments too (attest scan PATH --format json).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// storeDir resolves the store directory: the flag, then ATTEST_STORE, then ./.attest.
func (c *cli) storeDir(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := c.getenv("ATTEST_STORE"); v != "" {
		return v
	}
	return ".attest"
}
