package ptlab.ipc;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

import ptlab.process.ParentWatch;

/**
 * The child JVM of {@link RoundTrips}: it sends back every message it gets, through one {@link Channel}.
 *
 * <pre>
 * java [flags] -cp ptlab-helpers.jar ptlab.ipc.EchoPeer --parent PID --mode pipe
 * java ... ptlab.ipc.EchoPeer --parent PID --mode file --dir DIR
 * java ... ptlab.ipc.EchoPeer --parent PID --mode socket --port PORT
 * java ... ptlab.ipc.EchoPeer --parent PID --mode shared_memory --file FILE
 * </pre>
 * <ul>
 * <li>{@code pipe}: each line read on stdin is written back on stdout; ends at end of stdin;</li>
 * <li>{@code file}: waits for {@code DIR/request}, reads and deletes it, writes the same bytes to
 * {@code DIR/reply} (under a temporary name, then renamed, so the parent never reads half a file);</li>
 * <li>{@code socket}: connects to {@code 127.0.0.1:PORT}; each message is a 4-byte length and the bytes; ends
 * when the parent closes the connection;</li>
 * <li>{@code shared_memory}: maps {@code FILE} (at least {@link #MEMORY_BYTES} bytes); the parent writes a message
 * at offset {@link #REQUEST_AT} and its length at 8, then a new sequence number at 0; the peer copies the message
 * to {@link #REPLY_AT} and sets the sequence number at 4 to the same value. A sequence number of -1 ends it.</li>
 * </ul>
 * Every mode but {@code pipe} prints {@code ready} when set up and ends when stdin closes; all end (status
 * {@value ParentWatch#PARENT_GONE}) when the parent is gone. Exit status 2 for bad arguments.
 */
final class EchoPeer {

    /** The size of the shared memory file: {@value} bytes. */
    public static final int MEMORY_BYTES = 4096;

    /** Where a request's bytes start in shared memory: {@value}. */
    public static final int REQUEST_AT = 64;

    /** Where a reply's bytes start in shared memory: {@value}. */
    public static final int REPLY_AT = 2048;

    /** The longest message: {@value} bytes (it fits both halves of the shared memory). */
    public static final int MAX_MESSAGE_BYTES = 1024;

    static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private EchoPeer() {
    }

    /**
     * Runs the peer.
     *
     * @param args see the class description
     */
    public static void main(String[] args) {
        long parent;
        String mode;
        try {
            parent = ParentWatch.parentArgument(args);
            mode = ParentWatch.argument(args, "--mode", "");
            if (!mode.matches("pipe|file|socket|shared_memory")) {
                throw new IllegalArgumentException("--mode must be pipe, file, socket or shared_memory");
            }
        } catch (RuntimeException e) {
            System.err.println("ptlab echo peer: bad arguments: " + e.getMessage());
            System.exit(2);
            return;
        }
        ParentWatch.start(parent, !mode.equals("pipe"));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        try {
            switch (mode) {
                case "pipe" -> pipe(out);
                case "file" -> file(Path.of(ParentWatch.argument(args, "--dir", ".")), out);
                case "socket" -> socket(Integer.parseInt(ParentWatch.argument(args, "--port", "0")), out);
                default -> memory(Path.of(ParentWatch.argument(args, "--file", "")), out);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("ptlab echo peer: " + e);
            ParentWatch.exit(1);
        }
        ParentWatch.exit(0);
    }

    private static void pipe(PrintStream out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            out.print(line);
            out.print('\n');
            out.flush();
        }
    }

    private static void file(Path dir, PrintStream out) throws IOException {
        Path request = dir.resolve("request");
        Path reply = dir.resolve("reply");
        Path tmp = dir.resolve("reply.tmp");
        ready(out);
        while (true) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(request);
            } catch (NoSuchFileException e) {
                LockSupport.parkNanos(20_000); // nobody tells a reader that a file appeared: it has to look again
                continue;
            }
            Files.delete(request);
            Files.write(tmp, bytes);
            Files.move(tmp, reply, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void socket(int port, PrintStream out) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream o = new DataOutputStream(s.getOutputStream());
            while (true) {
                int n;
                try {
                    n = in.readInt();
                } catch (java.io.EOFException e) {
                    return; // the parent closed the connection
                }
                if (n < 0 || n > MAX_MESSAGE_BYTES) {
                    throw new IOException("bad message length " + n);
                }
                byte[] b = new byte[n];
                in.readFully(b);
                o.writeInt(n);
                o.write(b);
                o.flush();
            }
        }
    }

    private static void memory(Path file, PrintStream out) throws IOException {
        MappedByteBuffer m;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            m = ch.map(FileChannel.MapMode.READ_WRITE, 0, MEMORY_BYTES);
        }
        int last = (int) INT.getVolatile(m, 0); // before saying ready: the parent's first message may follow at once
        ready(out);
        while (true) {
            int seq;
            int spins = 0;
            while ((seq = (int) INT.getVolatile(m, 0)) == last) {
                if (++spins < 2_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // with one CPU, spinning would keep the parent from writing
                    if (spins > 200_000) {
                        LockSupport.parkNanos(50_000);
                    }
                }
            }
            if (seq == -1) {
                return;
            }
            int n = m.getInt(8);
            if (n < 0 || n > MAX_MESSAGE_BYTES) {
                throw new IOException("bad message length " + n);
            }
            m.put(REPLY_AT, m, REQUEST_AT, n);
            m.putInt(12, n);
            INT.setVolatile(m, 4, seq);
            last = seq;
        }
    }

    private static void ready(PrintStream out) {
        out.print("ready\n");
        out.flush();
    }
}
