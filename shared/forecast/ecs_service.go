package forecast

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// fargateFreeStorageGiB is the ephemeral storage every Fargate task includes.
const fargateFreeStorageGiB = 20

// ecsServicePricer prices AWS::ECS::Service on Fargate: its task definition's vCPU, memory and ephemeral
// storage beyond 20 GiB, times the running tasks (DesiredCount, or the usage file's "tasks"). A service on
// EC2 container instances has no charge of its own: the instances are priced with their group.
func ecsServicePricer() pricer {
	return pricer{
		types: []string{"AWS::ECS::Service"},
		usage: keys("tasks"),
		prices: []string{"fargate.vcpu", "fargate.memory", "fargate.arm.vcpu", "fargate.arm.memory",
			"fargate.storage"},
		price: priceECSService,
	}
}

func priceECSService(p *pricing) (*Cost, error) {
	launch, err := ecsLaunchType(p)
	if err != nil {
		return nil, err
	}
	switch launch {
	case "FARGATE":
	case "FARGATE_SPOT":
		return nil, unpriced("Fargate Spot is not priced")
	default:
		p.assume("tasks run on %s container instances, which are priced with their instances or Auto Scaling group", launch)
		return &Cost{}, nil
	}
	tdVal := p.prop("TaskDefinition")
	td := p.target(tdVal)
	if td == nil || td.Type != "AWS::ECS::TaskDefinition" {
		return nil, unpriced("the task definition %s is not in this template, so its vCPU and memory are unknown", describe(p, tdVal))
	}
	props := p.propsOf(td)
	var vcpu, gb, storage float64
	arm := false
	err = p.on(props, nil, func() error {
		cpu, ok, err := p.str("TaskDefinition Cpu", "Cpu")
		if err != nil {
			return err
		}
		mem, ok2, err := p.str("TaskDefinition Memory", "Memory")
		if err != nil {
			return err
		}
		if !ok || !ok2 {
			return unpriced("task definition %s gives no task-level Cpu and Memory, which Fargate requires", td.LogicalID)
		}
		if vcpu, err = fargateCPU(cpu); err != nil {
			return err
		}
		if gb, err = fargateMemory(mem); err != nil {
			return err
		}
		osFamily, ok, err := p.str("RuntimePlatform.OperatingSystemFamily", "RuntimePlatform", "OperatingSystemFamily")
		if err != nil {
			return err
		}
		if ok && !strings.EqualFold(osFamily, "LINUX") {
			return unpriced("Fargate on %s is not priced", osFamily)
		}
		archText, _, err := p.str("RuntimePlatform.CpuArchitecture", "RuntimePlatform", "CpuArchitecture")
		if err != nil {
			return err
		}
		arm = strings.EqualFold(archText, "ARM64")
		if storage, _, err = p.num("EphemeralStorage.SizeInGiB", "EphemeralStorage", "SizeInGiB"); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	tasks, err := runningTasks(p)
	if err != nil {
		return nil, err
	}
	prefix, archName := "fargate.", "Linux/x86"
	if arm {
		prefix, archName = "fargate.arm.", "Linux/ARM"
	}
	cp, err := p.price(prefix + "vcpu")
	if err != nil {
		return nil, err
	}
	mp, err := p.price(prefix + "memory")
	if err != nil {
		return nil, err
	}
	hours := tasks * HoursPerMonth
	cost := &Cost{Components: []Component{
		component(fmt.Sprintf("vCPU (Fargate, %s, %s × %s vCPU)", archName, fmtQty(tasks), fmtQty(vcpu)), "vCPU-hours", vcpu*hours, cp.USD, false),
		component(fmt.Sprintf("Memory (Fargate, %s, %s × %s GB)", archName, fmtQty(tasks), fmtQty(gb)), "GB-hours", gb*hours, mp.USD, false),
	}}
	if extra := storage - fargateFreeStorageGiB; extra > 0 {
		sp, err := p.price("fargate.storage")
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, component(fmt.Sprintf("Ephemeral storage beyond %d GiB", fargateFreeStorageGiB), "GB-hours", extra*hours, sp.USD, false))
	}
	cost.MonthlyKgCO2e = p.carbon.VCPUKg(vcpu*hours, p.region) + p.carbon.MemoryKg(gb*hours, p.region)
	p.assume("carbon: CCF estimate of vCPU-hours on the AWS average processor at %.0f%% utilisation, and memory GB-hours", 100*p.carbon.DefaultUtilization)
	return cost, nil
}

// ecsLaunchType is the service's launch type: LaunchType, else the first capacity provider of its own or
// its cluster's default strategy, else EC2 (what ECS uses when nothing says otherwise).
func ecsLaunchType(p *pricing) (string, error) {
	lt, ok, err := p.str("LaunchType", "LaunchType")
	if err != nil || ok {
		return strings.ToUpper(lt), err
	}
	strategy := p.prop("CapacityProviderStrategy")
	if strategy == nil {
		if c := p.target(p.prop("Cluster")); c != nil && c.Type == "AWS::ECS::Cluster" {
			strategy = p.propsOf(c).Get("DefaultCapacityProviderStrategy")
		}
	}
	if strategy == nil {
		p.assume("no launch type or capacity provider: ECS launches on EC2")
		return "EC2", nil
	}
	if err := p.known(strategy, "CapacityProviderStrategy"); err != nil {
		return "", err
	}
	items := strategy.Items()
	if len(items) == 0 {
		return "EC2", nil
	}
	if len(items) > 1 {
		p.assume("priced with the first capacity provider of %d", len(items))
	}
	cp, ok := items[0].Get("CapacityProvider").Str()
	if !ok {
		return "", unpriced("the capacity provider is not known before deployment")
	}
	if cp != "FARGATE" && cp != "FARGATE_SPOT" {
		return "EC2", nil
	}
	return cp, nil
}

// runningTasks is the usage file's "tasks", else DesiredCount, else 1.
func runningTasks(p *pricing) (float64, error) {
	if v, key, ok := p.usage.lookup(p.file, p.res.LogicalID, p.res.Type, "tasks"); ok {
		p.assume("tasks: %s from the usage file (%s)", fmtQty(v), key)
		return v, nil
	}
	n, err := p.count("DesiredCount", 1, "DesiredCount")
	if err != nil {
		return 0, err
	}
	p.assume("%s tasks running all month (730 h); service auto scaling is not modelled", fmtQty(n))
	return n, nil
}

// decimal is the form of a task size: a plain decimal number.
var decimal = regexp.MustCompile(`^[0-9]{1,6}(\.[0-9]{1,6})?$`)

// positive parses a task size, refusing anything but a positive decimal (no NaN, infinities or hex).
func positive(s string) (float64, bool) {
	if !decimal.MatchString(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && f > 0
}

// fargateCPU reads a task's Cpu: CPU units ("256") or vCPUs ("0.25 vCPU").
func fargateCPU(s string) (float64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	if v, ok := strings.CutSuffix(t, "vcpu"); ok {
		f, ok := positive(strings.TrimSpace(v))
		if !ok {
			return 0, unpriced("task Cpu %q is not a number of vCPUs", s)
		}
		return f, nil
	}
	f, ok := positive(t)
	if !ok {
		return 0, unpriced("task Cpu %q is not a number of CPU units", s)
	}
	return f / 1024, nil
}

// fargateMemory reads a task's Memory: MiB ("512") or GB ("0.5 GB").
func fargateMemory(s string) (float64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	if v, ok := strings.CutSuffix(t, "gb"); ok {
		f, ok := positive(strings.TrimSpace(v))
		if !ok {
			return 0, unpriced("task Memory %q is not a number of GB", s)
		}
		return f, nil
	}
	f, ok := positive(t)
	if !ok {
		return 0, unpriced("task Memory %q is not a number of MiB", s)
	}
	return f / 1024, nil
}
