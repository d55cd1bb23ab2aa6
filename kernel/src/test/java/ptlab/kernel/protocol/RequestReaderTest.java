package ptlab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonSyntaxException;

import org.dflib.jjava.jupyter.messages.request.CompleteRequest;
import org.junit.jupiter.api.Test;

class RequestReaderTest {

    @Test
    void aFieldOfTheWrongTypeIsNamedEvenWhenGsonDoesNotNameIt() {
        String said = RequestReader.describe(new JsonSyntaxException("For input string: \"end\""),
                "{\"code\": \"Str\", \"cursor_pos\": \"end\"}", CompleteRequest.class);
        assertTrue(said.startsWith("the field cursor_pos "), said);
    }

    @Test
    void theFieldGsonNamesInItsPathIsUsed() {
        String said = RequestReader.describe(new JsonSyntaxException("Expected an int at line 1 column 9 path $.cursor_pos"),
                "{}", CompleteRequest.class);
        assertTrue(said.startsWith("the field cursor_pos "), said);
    }

    @Test
    void contentThatIsNoJsonObjectIsSaidToBeUnreadable() {
        String said = RequestReader.describe(new JsonSyntaxException("bad"), "[1, 2]", CompleteRequest.class);
        assertTrue(said.startsWith("the request's content cannot be read"), said);
    }
}
