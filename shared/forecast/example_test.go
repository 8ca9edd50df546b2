package forecast_test

import (
	"context"
	"fmt"

	"github.com/attestdev/attest/shared/forecast"
)

// A change that adds a FIFO queue, with its traffic from a usage file: the component is usage-based, and
// the forecast says where its quantity came from.
func ExampleService_Forecast() {
	head := []byte("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: {FifoQueue: true}\n")
	usage, err := forecast.ParseUsage([]byte("Queue:\n  monthlyRequests: 3000000\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fc, err := forecast.New().Forecast(context.Background(),
		[]forecast.FilePair{{Path: "queue.yaml", Head: head}}, forecast.Options{Usage: usage})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := fc.Resources[0]
	for _, c := range r.Head.Components {
		fmt.Printf("%s: %g × %s at $%g = $%.2f (usage-based: %v)\n", c.Name, c.Quantity, c.Unit, c.UnitPriceUSD, c.MonthlyUSD, c.UsageBased)
	}
	fmt.Println(r.Change, forecast.FormatDelta(r.DeltaMonthlyUSD))
	fmt.Println(r.Assumptions[1])
	// Output:
	// Requests (FIFO queue): 3 × 1M requests at $0.5 = $1.50 (usage-based: true)
	// added +1.50
	// API requests per month (send, receive, delete; 64 KB chunks): 3000000 from the usage file (Queue)
}
