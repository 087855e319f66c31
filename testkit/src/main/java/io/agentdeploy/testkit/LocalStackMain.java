package io.agentdeploy.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local stack as a process until it is stopped (Ctrl-C, SIGTERM or end of standard input
 * with {@code --stop-on-eof}). Prints the shell environment that points {@code agent-deploy} at it;
 * {@code --env-file FILE} also writes it to a file a script can source.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Path environmentFile = null;
        boolean stopOnEof = false;
        boolean kubernetesTls = false;
        List<String[]> extraRegistries = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--env-file" -> {
                    if (i + 1 >= args.length) {
                        usage("--env-file needs a file name.");
                    }
                    environmentFile = Path.of(args[++i]);
                }
                case "--stop-on-eof" -> stopOnEof = true;
                case "--kube-tls" -> kubernetesTls = true;
                case "--extra-registry" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("\\d{12}:[a-z]{2}(-[a-z]+)+-\\d")) {
                        usage("--extra-registry needs <account>:<region>, such as 210987654321:us-west-2.");
                    }
                    extraRegistries.add(args[++i].split(":"));
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> usage("Unknown argument '" + args[i] + "'.");
            }
        }

        LocalStack stack = LocalStack.start(kubernetesTls);
        for (String[] registry : extraRegistries) {
            stack.ecr().addRegistry(registry[0], registry[1]);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));

        System.out.println("# Agent Deploy local stack is running. Paste these lines into a shell:");
        stack.environment().forEach((name, value) -> System.out.println("export " + name + "='" + value + "'"));
        System.out.flush();
        if (environmentFile != null) {
            stack.writeEnvironmentFile(environmentFile);
        }

        if (stopOnEof) {
            while (System.in.read() >= 0) {
                // Keep running until the parent closes our standard input.
            }
            System.exit(0);
        }
        stopped.await();
    }

    private static final String USAGE = """
            Usage: java -jar agent-deploy-testkit-standalone.jar [--env-file FILE] [--stop-on-eof]
                                 [--extra-registry ACCOUNT:REGION]... [--kube-tls]
              --env-file FILE  also write the environment as shell export lines to FILE
              --stop-on-eof    stop when standard input is closed
              --extra-registry ACCOUNT:REGION
                               also serve the ECR registry of this account and region, as a
                               target for cross-region or cross-account promotion
              --kube-tls       serve the Kubernetes API over HTTPS with a self-signed certificate
                               (the kubeconfig skips verifying it). kubectl needs this because it
                               sends no token over plain HTTP. The EKS double hands out no CA
                               for it, so reach the cluster through the kubeconfig.""";

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
