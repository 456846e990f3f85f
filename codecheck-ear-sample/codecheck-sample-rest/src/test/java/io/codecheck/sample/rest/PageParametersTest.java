package io.codecheck.sample.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageParametersTest {

    @Test
    void absentParametersGiveTheFirstPageOfTheDefaultSize() {
        assertEquals(new PageParameters(PageParameters.DEFAULT_LIMIT, 0), PageParameters.parse(null, null));
    }

    @Test
    void theBoundsThemselvesAreAllowed() {
        assertEquals(new PageParameters(1, 0), PageParameters.parse("1", "0"));
        assertEquals(new PageParameters(PageParameters.MAX_LIMIT, PageParameters.MAX_OFFSET),
                PageParameters.parse(Integer.toString(PageParameters.MAX_LIMIT),
                        Integer.toString(PageParameters.MAX_OFFSET)));
    }

    @ParameterizedTest
    @CsvSource(value = {"0,,limit", "201,,limit", "abc,,limit", "'',,limit", "1.5,,limit", "99999999999,,limit",
            ",-1,offset", ",x,offset", ",1000000001,offset"})
    void outOfRangeOrNotAWholeNumberNamesTheParameterAndItsRange(String limit, String offset, String named) {
        InvalidQueryParameterException e = assertThrows(InvalidQueryParameterException.class,
                () -> PageParameters.parse(limit, offset));
        String range = named.equals("limit") ? "from 1 to 200" : "from 0 to 1000000000";
        assertTrue(e.getMessage().startsWith(named + " ") && e.getMessage().contains(range), e.getMessage());
    }

    @Test
    void nextKeepsTheLimitAndMovesTheOffset() {
        assertEquals(new PageParameters(7, 21), new PageParameters(7, 14).next());
    }
}
