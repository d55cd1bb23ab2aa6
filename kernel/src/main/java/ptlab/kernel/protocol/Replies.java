package ptlab.kernel.protocol;

import java.util.List;
import java.util.Map;

import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

/**
 * Reply contents that jjava-jupyter 1.0-a6 sends without the {@code "status": "ok"} the
 * messaging spec requires (kernel info, history, comm info, shutdown, interrupt) or in the wrong
 * shape (history), plus the {@code aborted} execute reply it does not have. Gson serializes the subclasses' extra fields
 * along with jjava's.
 */
public final class Replies {

    private Replies() {
    }

    /** {@code kernel_info_reply} with status and {@code debugger: false}. */
    public static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused") // serialized by Gson
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final boolean debugger = false;

        /**
         * @param implementation        the kernel's name
         * @param implementationVersion its version
         * @param language              the language it runs
         * @param banner                the line a console shows at start
         * @param helpLinks             links for the frontend's help menu
         */
        public KernelInfo(String implementation, String implementationVersion, LanguageInfo language, String banner,
                   List<HelpLink> helpLinks) {
            super(Header.PROTOCOL_VERISON, implementation, implementationVersion, language, banner, helpLinks);
        }
    }

    /**
     * {@code history_reply}. jjava's HistoryReply would serialize its entries as JSON objects
     * (its tuple adapter is registered only for reading), so this class builds the tuples the
     * spec wants: {@code [session, line, input]} or {@code [session, line, [input, output]]}.
     */
    public static final class History implements ContentType<History> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final List<List<Object>> history;

        /** @param entries the entries to send */
        public History(List<HistoryEntry> entries) {
            history = entries.stream().map(e -> List.<Object>of(e.getSession(), e.getCellNumber(),
                    e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput())).toList();
        }

        @Override
        public MessageType<History> getType() {
            return retyped(MessageType.HISTORY_REPLY);
        }
    }

    /** {@code comm_info_reply} with status and no comms (the kernel has no comm targets). */
    public static final class CommInfo extends CommInfoReply {
        @SuppressWarnings("unused")
        private final String status = "ok";

        /** A reply without comms. */
        public CommInfo() {
            super(Map.of());
        }
    }

    /** {@code shutdown_reply}. */
    public static final class Shutdown implements ContentType<Shutdown> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final boolean restart;

        /** @param restart whether the kernel is being restarted */
        public Shutdown(boolean restart) {
            this.restart = restart;
        }

        @Override
        public MessageType<Shutdown> getType() {
            return retyped(MessageType.SHUTDOWN_REPLY);
        }
    }

    /** {@code interrupt_reply}. */
    public static final class Interrupt implements ContentType<Interrupt> {
        @SuppressWarnings("unused")
        private final String status = "ok";

        @Override
        public MessageType<Interrupt> getType() {
            return retyped(MessageType.INTERRUPT_REPLY);
        }
    }

    /** {@code execute_reply} for a request that was not run because an earlier cell failed. */
    static final class Aborted implements ContentType<Aborted> {
        @SuppressWarnings("unused")
        private final String status = "aborted";

        @Override
        public MessageType<Aborted> getType() {
            return retyped(MessageType.EXECUTE_REPLY);
        }
    }

    /** The wire type is all that matters; jjava's content class for it is not used. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> MessageType<T> retyped(MessageType<?> type) {
        return (MessageType) type;
    }
}
