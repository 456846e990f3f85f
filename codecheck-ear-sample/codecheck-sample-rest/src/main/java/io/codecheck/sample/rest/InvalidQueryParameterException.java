package io.codecheck.sample.rest;

/** A query parameter outside its allowed values; the message names the parameter and what it allows. */
class InvalidQueryParameterException extends RuntimeException {
    InvalidQueryParameterException(String message) {
        super(message);
    }
}
