package forecast

// cloudWatchDashboardPricer prices AWS::CloudWatch::Dashboard per dashboard-month.
func cloudWatchDashboardPricer() pricer {
	return pricer{
		types:  []string{"AWS::CloudWatch::Dashboard"},
		prices: []string{"cloudwatch.dashboard"},
		price:  priceDashboard,
	}
}

func priceDashboard(p *pricing) (*Cost, error) {
	dp, err := p.price("cloudwatch.dashboard")
	if err != nil {
		return nil, err
	}
	p.assume("the free tier's 3 dashboards are not deducted")
	p.assume("carbon: no published coefficient for CloudWatch")
	return &Cost{Components: []Component{component("Dashboard", "months", 1, dp.USD, false)}}, nil
}
