package ptlab.kernel;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.EnumSet;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.CompleteReply;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.InspectReply;
import org.dflib.jjava.jupyter.messages.reply.IsCompleteReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.CompleteRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InspectRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.IsCompleteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;

import jdk.jshell.SourceCodeAnalysis;

import ptlab.kernel.assist.CodeAssist;
import ptlab.kernel.eval.CellError;
import ptlab.kernel.eval.CellRunner;
import ptlab.kernel.eval.Outcome;
import ptlab.kernel.output.OutputRouter;
import ptlab.kernel.output.ResultData;
import ptlab.kernel.protocol.KernelSockets;
import ptlab.kernel.protocol.Replies;
import ptlab.kernel.protocol.SentTime;
import ptlab.kernel.session.CellHistory;
import ptlab.kernel.session.Phases;
import ptlab.kernel.session.Sessions;

/**
 * The kernel's answers to Jupyter requests. Shell requests (execute, complete, inspect,
 * is_complete, history, kernel_info, comm_info) are handled one at a time on the shell thread;
 * interrupt and shutdown arrive on the control thread, so they work while a cell runs.
 */
final class JavaKernel {

    static final String IMPLEMENTATION = "ptlab";

    private final KernelSockets sockets;
    private final Sessions sessions;
    private final OutputRouter router;
    private final CellRunner runner;
    private final CellHistory history = new CellHistory();
    private int executionCount; // shell thread only
    private long executeStart;  // shell thread only: Phases' clock at the execute request
    private long ranAt;         // shell thread only: Phases' clock when its cell had run

    JavaKernel(KernelSockets sockets, Sessions sessions, OutputRouter router) {
        this.sockets = sockets;
        this.sessions = sessions;
        this.router = router;
        this.runner = new CellRunner(sessions, router);
    }

    /** Registers every handler; call before {@link KernelSockets#serve()}. */
    void register() {
        sockets.handle(MessageType.KERNEL_INFO_REQUEST, this::kernelInfo);
        sockets.handle(MessageType.EXECUTE_REQUEST, this::execute);
        sockets.handle(MessageType.COMPLETE_REQUEST, this::complete);
        sockets.handle(MessageType.IS_COMPLETE_REQUEST, this::isComplete);
        sockets.handle(MessageType.INSPECT_REQUEST, this::inspect);
        sockets.handle(MessageType.HISTORY_REQUEST, this::history);
        sockets.handle(MessageType.COMM_INFO_REQUEST, this::commInfo);
        sockets.handle(MessageType.INTERRUPT_REQUEST, this::interrupt);
        sockets.handle(MessageType.SHUTDOWN_REQUEST, this::shutdown);
        if (Phases.on()) {
            sockets.afterEachShellRequest(this::replied);
        }
    }

    /** After an execute request's reply: its cell's phases are complete (make bench). */
    private void replied(Message<?> m) {
        if (m.getHeader().getType() == MessageType.EXECUTE_REQUEST && ranAt != 0) {
            Phases.since(Phases.Phase.REPLY, ranAt);
            Phases.since(Phases.Phase.TOTAL, executeStart);
            Phases.cellDone();
            ranAt = 0;
        }
    }

    /** The implementation version, from the jar's manifest. */
    static String version() {
        String v = JavaKernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * The language is Java in the feature release of this JVM ("25"); the cell JVM runs the same {@code java}. The
     * release, not the full version: notebooks store it, and JupyterLab marks a notebook modified on opening when the
     * stored one differs, which a JDK's patch update must not do. The banner names the full version.
     */
    static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Integer.toString(Runtime.version().feature()))
                .mimetype("text/x-java")
                .fileExtension(".java")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private void kernelInfo(ShellReplyEnvironment env, Message<KernelInfoRequest> m) {
        env.setBusyDeferIdle();
        String java = System.getProperty("java.version");
        env.reply(new Replies.KernelInfo(IMPLEMENTATION, version(), languageInfo(),
                "Java " + java + " (ptlab kernel " + version() + "; cells run in a separate JVM)",
                List.of(new HelpLink("Java SE API", "https://docs.oracle.com/en/java/javase/"
                        + Runtime.version().feature() + "/docs/api/"))));
    }

    private void execute(ShellReplyEnvironment env, Message<ExecuteRequest> m) {
        executeStart = Phases.now();
        ExecuteRequest req = m.getContent();
        if (req.getCode() == null) {
            env.setBusyDeferIdle();
            env.replyError(ExecuteReply.MESSAGE_TYPE.error(),
                    new ErrorReply("BadRequest", "the execute request has no field code", List.of()));
            return;
        }
        boolean silent = req.isSilent();
        boolean store = req.shouldStoreHistory() && !silent;
        int count = store ? ++executionCount : executionCount;
        env.setBusyDeferIdle();
        if (!silent) {
            env.publish(new PublishExecuteInput(req.getCode(), count));
        }
        Outcome outcome;
        Error fatal = null;
        router.beginCell(m, silent);
        try {
            outcome = runner.run(req.getCode(), count, SentTime.of(m));
        } catch (RuntimeException | Error e) {
            boolean ends = KernelSockets.isFatal(e);
            fatal = ends ? (Error) e : null;
            outcome = Outcome.failed(CellError.oneLine(CellError.KERNEL_ERROR, "the kernel failed running this cell: "
                    + e + (ends ? "; the kernel restarts (variables are lost)" : "")));
        } finally {
            ranAt = Phases.now();
            router.settleProcessOutput();
            router.endCell(count);
        }
        if (outcome.failed()) {
            CellError e = outcome.error();
            if (!silent) {
                env.publish(new PublishError(e.ename(), e.evalue(), e.traceback()));
            }
            ErrorReply reply = new ErrorReply(e.ename(), e.evalue(), e.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
            if (req.shouldStopOnError()) {
                sockets.abortQueuedExecutes();
            }
        } else {
            if (outcome.value() != null && !outcome.value().isEmpty() && !silent) { // an empty Out is no Out
                env.publish(new PublishExecuteResult(count, ResultData.of(outcome.value())));
            }
            env.defer().reply(new ExecuteReply(count, Map.of()));
        }
        if (store) {
            history.add(count, req.getCode(), outcome.value());
        }
        if (fatal != null) {
            throw fatal; // replied; the channel ends the kernel so that Jupyter restarts it
        }
    }

    private void complete(ShellReplyEnvironment env, Message<CompleteRequest> m) {
        env.setBusyDeferIdle();
        String code = m.getContent().getCode();
        int cursor = toIndex(code, m.getContent().getCursorPos());
        List<String> matches = List.of();
        int start = cursor;
        int end = cursor;
        try {
            ReplacementOptions o = CodeAssist.complete(analysis(), code, cursor);
            matches = o.getReplacements();
            start = o.getSourceStart();
            end = o.getSourceEnd();
        } catch (RuntimeException e) {
            // no completions rather than an error
        }
        env.reply(new CompleteReply(matches, toCodePoints(code, start), toCodePoints(code, end), Map.of()));
    }

    private void isComplete(ShellReplyEnvironment env, Message<IsCompleteRequest> m) {
        env.setBusyDeferIdle();
        IsCompleteReply reply;
        try {
            String answer = CodeAssist.isComplete(analysis(), m.getContent().getCode());
            reply = switch (answer) {
                case CodeAssist.COMPLETE -> IsCompleteReply.VALID_CODE;
                case CodeAssist.INVALID -> IsCompleteReply.INVALID_CODE;
                default -> IsCompleteReply.getIncompleteReplyWithIndent(answer);
            };
        } catch (RuntimeException e) {
            reply = IsCompleteReply.UNKNOWN;
        }
        env.reply(reply);
    }

    private void inspect(ShellReplyEnvironment env, Message<InspectRequest> m) {
        env.setBusyDeferIdle();
        String code = m.getContent().getCode();
        DisplayData data = null;
        try {
            data = CodeAssist.inspect(analysis(), code, toIndex(code, m.getContent().getCursorPos()));
        } catch (RuntimeException e) {
            // nothing found
        }
        env.reply(new InspectReply(data != null, DisplayData.emptyIfNull(data)));
    }

    private void history(ShellReplyEnvironment env, Message<HistoryRequest> m) {
        env.setBusyDeferIdle();
        HistoryRequest req = m.getContent();
        Set<ResultFlag> flags = EnumSet.noneOf(ResultFlag.class);
        if (req.includeOutput()) {
            flags.add(ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries;
        if (req instanceof HistoryRequest.Range r) {
            entries = history.lookupRange(r.getSessionIndex(), r.getStart(), r.getStop(), flags);
        } else if (req instanceof HistoryRequest.Search s) {
            if (s.filterUnique()) {
                flags.add(ResultFlag.UNIQUE);
            }
            entries = history.search(s.getPattern(), s.getMaxReturnLength(), flags);
        } else {
            entries = history.lookupTail(((HistoryRequest.Tail) req).getMaxReturnLength(), flags);
        }
        env.reply(new Replies.History(entries));
    }

    private void commInfo(ShellReplyEnvironment env, Message<CommInfoRequest> m) {
        env.setBusyDeferIdle();
        env.reply(new Replies.CommInfo());
    }

    private void interrupt(ShellReplyEnvironment env, Message<InterruptRequest> m) {
        env.setBusyDeferIdle();
        env.reply(new Replies.Interrupt());
        runner.interrupt(SentTime.of(m));
    }

    private void shutdown(ShellReplyEnvironment env, Message<ShutdownRequest> m) {
        env.setBusyDeferIdle();
        env.reply(new Replies.Shutdown(m.getContent().isRestart()));
        env.markForShutdown(); // the channel calls exit once the idle status is out
    }

    private SourceCodeAnalysis analysis() {
        if (runner.compilingAbandoned()) {
            throw new IllegalStateException("JShell is busy compiling an interrupted cell");
        }
        return sessions.current().jshell().sourceCodeAnalysis();
    }

    /** Jupyter counts cursor positions in code points; Java strings in UTF-16 units. */
    static int toIndex(String code, int codePoints) {
        try {
            return code.offsetByCodePoints(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        } catch (IndexOutOfBoundsException e) {
            return code.length();
        }
    }

    static int toCodePoints(String code, int index) {
        return code.codePointCount(0, Math.min(index, code.length()));
    }
}
