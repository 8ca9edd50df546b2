package forecast

import "fmt"

// anomalyMetricsPerAlarmMetric is how many metrics an anomaly detection alarm is billed for per metric it
// watches: the metric and the band's upper and lower bounds.
const anomalyMetricsPerAlarmMetric = 3

// cloudWatchAlarmPricer prices AWS::CloudWatch::Alarm per metric it evaluates (standard or high
// resolution; three per metric for anomaly detection) and AWS::CloudWatch::CompositeAlarm per alarm.
func cloudWatchAlarmPricer() pricer {
	return pricer{
		types:  []string{"AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"},
		prices: []string{"cloudwatch.alarm.standard", "cloudwatch.alarm.highres", "cloudwatch.alarm.composite"},
		price:  priceAlarm,
	}
}

func priceAlarm(p *pricing) (*Cost, error) {
	p.assume("carbon: no published coefficient for CloudWatch")
	p.assume("the free tier's 10 alarm metrics are not deducted")
	if p.res.Type == "AWS::CloudWatch::CompositeAlarm" {
		cp, err := p.price("cloudwatch.alarm.composite")
		if err != nil {
			return nil, err
		}
		return &Cost{Components: []Component{component("Composite alarm", "months", 1, cp.USD, false)}}, nil
	}
	metrics := 1.0
	period, hasPeriod, err := p.num("Period", "Period")
	if err != nil {
		return nil, err
	}
	if list := p.prop("Metrics"); list != nil {
		if err := p.known(list, "Metrics"); err != nil {
			return nil, err
		}
		metrics = 0
		for _, m := range list.Items() {
			stat := m.Get("MetricStat")
			if stat.IsNull() {
				continue // an expression: billed through the metrics it reads
			}
			metrics++
			if f, ok := stat.Get("Period").Float(); ok && (!hasPeriod || f < period) {
				period, hasPeriod = f, true
			}
		}
		if metrics == 0 {
			return nil, unpriced("the alarm's Metrics list reads no metric (no MetricStat)")
		}
	}
	kind := "standard resolution"
	if p.prop("ThresholdMetricId") != nil {
		metrics *= anomalyMetricsPerAlarmMetric
		kind = "anomaly detection"
	}
	id := "cloudwatch.alarm.standard"
	if hasPeriod && period < 60 {
		id, kind = "cloudwatch.alarm.highres", kind+", high resolution"
	}
	ap, err := p.price(id)
	if err != nil {
		return nil, err
	}
	return &Cost{Components: []Component{
		component(fmt.Sprintf("Alarm metrics (%s)", kind), "months", metrics, ap.USD, false),
	}}, nil
}
