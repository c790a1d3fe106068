// Command cert-manager runs the part of cert-manager's controller that Keyfleet's tests and
// benchmarks need: CA and self-signed Issuers/ClusterIssuers signing CertificateRequests and
// Certificates. cert-manager's own binary (cmd/controller) is a module the Go module proxy does not
// serve, so this is a small main over the root module that wires its controllers the way
// cmd/controller/app does: one controller.ContextFactory, the registered constructors of
// controller.Known() for the enabled names, then the shared informer factories.
//
// Left out on purpose: ACME, Vault, Venafi, the ingress/gateway shims, the CertificateSigningRequest
// controllers and the webhook (nothing here serves admission; the CRDs' OpenAPI schema still
// validates).
//
// --controllers leaves some of the rest out, as cert-manager's flag of that name does: without
// certificaterequests-approver, requests wait for an approver of one's own (a test that denies one).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/klog/v2"

	"github.com/cert-manager/cert-manager/pkg/controller"
	crapprover "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/approver"
	crca "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/ca"
	crselfsigned "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/selfsigned"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/issuing"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/keymanager"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/readiness"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/requestmanager"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/revisionmanager"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/trigger"
	"github.com/cert-manager/cert-manager/pkg/controller/clusterissuers"
	"github.com/cert-manager/cert-manager/pkg/controller/issuers"
	logf "github.com/cert-manager/cert-manager/pkg/logs"

	// The issuers and clusterissuers controllers set an issuer Ready through the issuer type's
	// implementation, which registers itself when imported (cmd/controller/app imports them all).
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/selfsigned"
)

// The controllers this binary has, by the name each registers under in controller.Known(); all of
// them run unless --controllers leaves some out.
var knownControllers = []string{
	issuers.ControllerName,
	clusterissuers.ControllerName,
	crapprover.ControllerName, // approves every request, as cert-manager does unless disabled
	crca.CRControllerName,
	crselfsigned.CRControllerName,
	trigger.ControllerName,
	keymanager.ControllerName,
	requestmanager.ControllerName,
	issuing.ControllerName,
	readiness.ControllerName,
	revisionmanager.ControllerName,
}

// cert-manager's defaults, from internal/apis/config/controller/v1alpha1/defaults.go of the pinned
// version (an internal package, so copied here): a benchmark at "the defaults" means these.
const (
	defaultKubeAPIQPS               = 20
	defaultKubeAPIBurst             = 50
	defaultConcurrentWorkers        = 5
	defaultClusterResourceNamespace = "kube-system"
	defaultMinimumBackoff           = time.Hour
	defaultMaximumBackoff           = 32 * time.Hour
	// The Lease settings of cert-manager's leader election (shared/v1alpha1 defaults).
	leaseDuration = 60 * time.Second
	renewDeadline = 40 * time.Second
	retryPeriod   = 15 * time.Second
)

type options struct {
	kubeconfig               string
	clusterResourceNamespace string
	qps                      float64
	burst                    int
	workers                  int
	leaderElect              bool
	leaderElectionNamespace  string
	metricsAddress           string
	healthAddress            string
	controllers              string
}

func main() {
	var o options
	fs := flag.NewFlagSet("cert-manager", flag.ExitOnError)
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "kubeconfig of the cluster to run against (required)")
	fs.StringVar(&o.clusterResourceNamespace, "cluster-resource-namespace", defaultClusterResourceNamespace,
		"namespace where the Secrets of ClusterIssuers (a CA's key pair) live")
	fs.Float64Var(&o.qps, "kube-api-qps", defaultKubeAPIQPS,
		"client-side rate limit to the API server, requests per second (cert-manager ignores it when the API server has priority and fairness on)")
	fs.IntVar(&o.burst, "kube-api-burst", defaultKubeAPIBurst, "client-side burst above --kube-api-qps")
	fs.IntVar(&o.workers, "concurrent-workers", defaultConcurrentWorkers, "workers per controller")
	fs.BoolVar(&o.leaderElect, "leader-elect", false, "take a Lease before running the controllers")
	fs.StringVar(&o.leaderElectionNamespace, "leader-election-namespace", defaultClusterResourceNamespace, "namespace of the Lease")
	fs.StringVar(&o.metricsAddress, "metrics-address", "", "host:port to serve cert-manager's Prometheus metrics on (off when empty)")
	fs.StringVar(&o.healthAddress, "health-address", "",
		"host:port to serve /livez and /readyz on; /readyz answers 200 once the controllers run with synced caches (off when empty)")
	fs.StringVar(&o.controllers, "controllers", "*",
		"comma-separated controllers to run, as cert-manager's own flag: * for all, -NAME to leave one out (e.g. "+
			"*,-"+crapprover.ControllerName+": requests then wait for another approver, as with approver-policy)")
	// cert-manager logs through klog; of klog's flags only the verbosity is worth having here.
	var klogFlags flag.FlagSet
	klog.InitFlags(&klogFlags)
	fs.Var(klogFlags.Lookup("v").Value, "v", "log verbosity: 2 info, 4 debug (cert-manager's levels)")
	_ = fs.Parse(os.Args[1:])
	if o.kubeconfig == "" {
		fmt.Fprintln(os.Stderr, "cert-manager: --kubeconfig is required")
		os.Exit(2)
	}

	logf.InitLogs()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx = logf.NewContext(ctx, logf.Log, "controller")
	if err := run(ctx, o); err != nil {
		logf.Log.Error(err, "cert-manager stopped")
		klog.Flush()
		os.Exit(1)
	}
	klog.Flush()
}

func run(rootCtx context.Context, o options) error {
	enabled, err := controllersToRun(o.controllers)
	if err != nil {
		return err
	}
	rootCtx, cancel := context.WithCancel(rootCtx)
	defer cancel()
	log := logf.FromContext(rootCtx)
	g, rootCtx := errgroup.WithContext(rootCtx)

	factory, err := controller.NewContextFactory(rootCtx, controller.ContextOptions{
		Kubeconfig:         o.kubeconfig,
		KubernetesAPIQPS:   float32(o.qps),
		KubernetesAPIBurst: o.burst,
		IssuerOptions: controller.IssuerOptions{
			ClusterResourceNamespace: o.clusterResourceNamespace,
			// cert-manager's defaults; they only matter to ACME/Vault/cloud issuers, not run here.
			ClusterIssuerAmbientCredentials: true,
		},
		CertificateOptions: controller.CertificateOptions{
			// Copy every annotation of a Certificate to its requests except kubectl's, Flux's and
			// Argo CD's, as cert-manager does by default.
			CopiedAnnotationPrefixes:                 []string{"*", "-kubectl.kubernetes.io/", "-fluxcd.io/", "-argocd.argoproj.io/"},
			CertificateRequestMinimumBackoffDuration: defaultMinimumBackoff,
			CertificateRequestMaximumBackoffDuration: defaultMaximumBackoff,
		},
	})
	if err != nil {
		return err
	}
	// The base context: its informer factories are the ones every controller's context shares.
	base, err := factory.Build()
	if err != nil {
		return err
	}
	// cert-manager applies --kube-api-qps/--kube-api-burst only when the API server does not do
	// priority and fairness (APF); otherwise it sets both to -1 and leaves throttling to the server.
	// Logged because a benchmark of rate limits must know which case it measured.
	log.Info("API client rate limit", "qps", base.RESTConfig.QPS, "burst", base.RESTConfig.Burst,
		"serverSideFlowControl", base.RESTConfig.QPS < 0)

	var ready atomic.Bool
	if o.metricsAddress != "" {
		ln, err := net.Listen("tcp", o.metricsAddress)
		if err != nil {
			return fmt.Errorf("metrics address %s: %w", o.metricsAddress, err)
		}
		serve(rootCtx, g, base.Metrics.NewServer(ln), ln)
	}
	if o.healthAddress != "" {
		ln, err := net.Listen("tcp", o.healthAddress)
		if err != nil {
			return fmt.Errorf("health address %s: %w", o.healthAddress, err)
		}
		serve(rootCtx, g, healthServer(&ready), ln)
	}

	if o.leaderElect {
		if err := awaitLeadership(rootCtx, g, factory, o.leaderElectionNamespace); err != nil {
			return err
		}
	}

	names := make([]string, 0, len(enabled))
	for n, constructor := range controller.Known() {
		if !enabled[n] {
			continue
		}
		iface, err := constructor(factory)
		if err != nil {
			cancel()
			return errors.Join(fmt.Errorf("controller %s: %w", n, err), g.Wait())
		}
		names = append(names, n)
		g.Go(func() error { return iface.Run(o.workers, rootCtx) })
	}
	if len(names) != len(enabled) {
		return fmt.Errorf("only %v of %v registered: a blank import is missing", names, enabled)
	}
	sort.Strings(names)
	log.V(logf.InfoLevel).Info("starting controllers", "controllers", names, "workers", o.workers)

	// Started after the constructors, which ask the factories for the informers they need.
	base.SharedInformerFactory.Start(rootCtx.Done())
	base.KubeSharedInformerFactory.Start(rootCtx.Done())
	base.HTTP01ResourceMetadataInformersFactory.Start(rootCtx.Done())
	g.Go(func() error {
		// Ready means: every informer listed its objects, so the controllers are working the queue.
		if !allSynced(base.SharedInformerFactory.WaitForCacheSync(rootCtx.Done())) ||
			!allSynced(base.KubeSharedInformerFactory.WaitForCacheSync(rootCtx.Done())) {
			return nil // shutting down
		}
		ready.Store(true)
		log.Info("controllers ready: caches synced")
		return nil
	})

	err = g.Wait()
	base.HTTP01ResourceMetadataInformersFactory.Shutdown()
	base.KubeSharedInformerFactory.Shutdown()
	base.SharedInformerFactory.Shutdown()
	return err
}

// controllersToRun reads --controllers as cert-manager does: "*" names every controller this
// binary has, a plain name adds one, "-name" leaves one out whatever else the list says.
func controllersToRun(spec string) (map[string]bool, error) {
	known := map[string]bool{}
	for _, n := range knownControllers {
		known[n] = true
	}
	enabled, disabled := map[string]bool{}, map[string]bool{}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		name := strings.TrimPrefix(item, "-")
		switch {
		case item == "":
		case item == "*":
			for n := range known {
				enabled[n] = true
			}
		case !known[name]:
			return nil, fmt.Errorf("--controllers: unknown controller %q (this binary has %v)", name, knownControllers)
		case strings.HasPrefix(item, "-"):
			disabled[name] = true
		default:
			enabled[name] = true
		}
	}
	for n := range disabled {
		delete(enabled, n)
	}
	if len(enabled) == 0 {
		return nil, fmt.Errorf("--controllers %q leaves no controller to run", spec)
	}
	return enabled, nil
}

// allSynced works over the factories' two map types (keyed by reflect.Type or by GVR).
func allSynced[K comparable](synced map[K]bool) bool {
	for _, ok := range synced {
		if !ok {
			return false
		}
	}
	return true
}

func healthServer(ready *atomic.Bool) *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/livez", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready.Load() {
			http.Error(w, "caches not synced", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	return &http.Server{Handler: mux, ReadHeaderTimeout: 30 * time.Second}
}

// serve runs srv on ln until ctx ends.
func serve(ctx context.Context, g *errgroup.Group, srv *http.Server, ln net.Listener) {
	g.Go(func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown) //nolint:contextcheck // ctx is already done
	})
}

// awaitLeadership takes cert-manager's Lease (kube-system/cert-manager-controller by default) and
// returns once this process leads; losing it later ends the process, as in cert-manager.
func awaitLeadership(ctx context.Context, g *errgroup.Group, factory *controller.ContextFactory, namespace string) error {
	c, err := factory.Build("leader-election")
	if err != nil {
		return err
	}
	host, err := os.Hostname()
	if err != nil {
		return err
	}
	lock, err := resourcelock.New(resourcelock.LeasesResourceLock, namespace, "cert-manager-controller",
		c.Client.CoreV1(), c.Client.CoordinationV1(),
		resourcelock.ResourceLockConfig{Identity: fmt.Sprintf("%s-%d-external-cert-manager-controller", host, os.Getpid()), EventRecorder: c.Recorder})
	if err != nil {
		return err
	}
	elected := make(chan struct{})
	g.Go(func() error {
		// RunOrDie returns when the Lease is lost or ctx ends; only the first is an error.
		leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
			Lock: lock, LeaseDuration: leaseDuration, RenewDeadline: renewDeadline, RetryPeriod: retryPeriod,
			ReleaseOnCancel: true,
			Callbacks: leaderelection.LeaderCallbacks{
				OnStartedLeading: func(context.Context) { close(elected) },
				OnStoppedLeading: func() {},
			},
		})
		if ctx.Err() == nil {
			return errors.New("leader election lost")
		}
		return nil
	})
	select {
	case <-elected:
		return nil
	case <-ctx.Done():
		return g.Wait()
	}
}
