package ptlab.kernel.protocol;

import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageContext;

/** Where the kernel publishes on the IOPub channel (the socket, or a recorder in tests). */
public interface Iopub {

    /**
     * Publishes one message.
     *
     * @param parent  the request the message belongs to (its header becomes the parent header)
     * @param content the message content; its type names the message type
     */
    <T extends ContentType<T>> void publish(MessageContext parent, T content);
}
