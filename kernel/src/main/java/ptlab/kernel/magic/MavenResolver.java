package ptlab.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

/**
 * The kernel's one Maven resolver, shared by {@code %maven}, {@code %mavenRepo} and
 * {@code %loadFromPOM}: Maven Resolver with a list of remote repositories (Maven Central, then
 * those added), configured as Maven is by {@code ~/.m2/settings.xml} (local repository, offline
 * mode, mirrors, proxies, logins; see {@link MavenSettings}). The local repository is the cache,
 * so a second resolution needs no network. Created on first use; nothing of Maven Resolver loads
 * before.
 *
 * <p>Resolution is bounded: connections time out after {@value #CONNECT_TIMEOUT_SECONDS} s, one
 * whole resolution after {@link #timeoutSeconds()} (system property
 * {@value #TIMEOUT_PROPERTY}, default {@value #DEFAULT_TIMEOUT_SECONDS}), and an interrupt of the
 * cell ends the wait at once.
 */
final class MavenResolver {

    /** The system property (of the kernel JVM) with the time bound of one resolution, in seconds. */
    static final String TIMEOUT_PROPERTY = "ptlab.maven.timeout";
    static final int DEFAULT_TIMEOUT_SECONDS = 120;
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    private static final RemoteRepository CENTRAL =
            new RemoteRepository.Builder("central", "default", "https://repo.maven.apache.org/maven2/").build();

    private final Map<String, String> repositories = new LinkedHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ptlab-maven");
        t.setDaemon(true);
        return t;
    });
    private RepositorySystem system;
    private DefaultRepositorySystemSession session;

    /** A resolver with Maven Central; settings are read, and Maven Resolver started, on first use. */
    MavenResolver() {
        repositories.put(CENTRAL.getId(), CENTRAL.getUrl());
    }

    private void start() throws MagicException {
        if (session != null) {
            return;
        }
        MavenSettings settings = MavenSettings.user();
        system = new RepositorySystemSupplier().get();
        session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session,
                new LocalRepository(settings.localRepository())));
        session.setOffline(settings.offline());
        session.setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT, CONNECT_TIMEOUT_SECONDS * 1000);
        session.setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, 30_000);
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (MavenSettings.Mirror m : settings.mirrors()) {
            mirrors.add(m.id(), m.url(), "default", false, false, m.mirrorOf(), "*");
        }
        session.setMirrorSelector(mirrors);
        DefaultProxySelector proxies = new DefaultProxySelector();
        for (MavenSettings.Proxy p : settings.proxies()) {
            AuthenticationBuilder auth = new AuthenticationBuilder().addUsername(p.username()).addPassword(p.password());
            proxies.add(new org.eclipse.aether.repository.Proxy(p.protocol(), p.host(), p.port(), auth.build()),
                    p.nonProxyHosts());
        }
        session.setProxySelector(proxies);
        DefaultAuthenticationSelector logins = new DefaultAuthenticationSelector();
        for (MavenSettings.Server s : settings.servers()) {
            logins.add(s.id(), new AuthenticationBuilder().addUsername(s.username()).addPassword(s.password()).build());
        }
        session.setAuthenticationSelector(logins);
    }

    /** @return the time bound of one resolution, in seconds */
    static int timeoutSeconds() {
        try {
            return Math.max(1, Integer.parseInt(System.getProperty(TIMEOUT_PROPERTY, "" + DEFAULT_TIMEOUT_SECONDS)));
        } catch (NumberFormatException e) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
    }

    /** Adds a remote repository (or replaces the one with that id) for this and later resolutions. */
    void addRepository(String id, String url) {
        repositories.put(id, url);
    }

    /**
     * The jars of {@code dependencies} and their runtime dependencies, each once.
     *
     * @param what         how messages name the request, e.g. {@code %maven}
     * @param dependencies what to resolve (resolved together, so versions are reconciled once)
     * @param extra        repositories for this request only, searched after the kernel's
     * @param interrupted  true once the cell has been interrupted
     * @throws MagicException naming what is missing and the repositories tried, on a timeout, or
     *                        when interrupted
     */
    List<Path> resolve(String what, List<Dependency> dependencies, Map<String, String> extra,
                       BooleanSupplier interrupted) throws MagicException {
        start();
        List<RemoteRepository> remotes = remotes(extra);
        CollectRequest collect = new CollectRequest(dependencies, List.of(), remotes);
        DependencyRequest request = new DependencyRequest(collect,
                DependencyFilterUtils.classpathFilter(JavaScopes.COMPILE, JavaScopes.RUNTIME));
        Future<List<Path>> job = workers.submit(() -> jars(system.resolveDependencies(session, request).getArtifactResults()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds());
        try {
            while (true) {
                if (interrupted.getAsBoolean()) {
                    job.cancel(true);
                    throw new MagicException(what + ": interrupted while resolving " + names(dependencies));
                }
                if (System.nanoTime() > deadline) {
                    job.cancel(true);
                    throw new MagicException(what + ": resolving " + names(dependencies) + " took longer than "
                            + timeoutSeconds() + " s (system property " + TIMEOUT_PROPERTY + "); repositories tried: "
                            + tried(remotes));
                }
                try {
                    return job.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // poll the interrupt and the deadline again
                }
            }
        } catch (ExecutionException e) {
            throw new MagicException(what + ": could not resolve " + names(dependencies) + " ("
                    + (session.isOffline() ? "offline, " : "") + "repositories tried: " + tried(remotes) + ")", e.getCause());
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new MagicException(what + ": interrupted while resolving " + names(dependencies));
        }
    }

    private List<RemoteRepository> remotes(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(repositories);
        extra.forEach(all::putIfAbsent);
        List<RemoteRepository> remotes = new ArrayList<>();
        all.forEach((id, url) -> remotes.add(new RemoteRepository.Builder(id, "default", url).build()));
        return system.newResolutionRepositories(session, remotes);
    }

    private static List<Path> jars(List<ArtifactResult> results) {
        Set<Path> jars = new LinkedHashSet<>();
        for (ArtifactResult r : results) {
            if (r.getArtifact() != null && r.getArtifact().getFile() != null) {
                jars.add(r.getArtifact().getFile().toPath());
            }
        }
        return List.copyOf(jars);
    }

    private static String names(List<Dependency> dependencies) {
        return String.join(", ", dependencies.stream().map(d -> d.getArtifact().toString()).toList());
    }

    /** The repositories as they were asked: a mirror in place of what it mirrors. */
    private static String tried(List<RemoteRepository> remotes) {
        return String.join(", ", remotes.stream().map(r -> r.getId() + " (" + r.getUrl() + ")").toList());
    }
}
