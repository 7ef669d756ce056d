//! The response body type: either bytes held in memory, or a long page streamed in chunks.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};

/// A response as produced by the request handlers.
pub(crate) type Resp = Response<ResponseBody>;

/// The body of every response this server sends.
#[derive(Debug)]
pub(crate) enum ResponseBody {
    /// A body held in memory (`None` once sent).
    Full(Option<Bytes>),
    /// A long body produced chunk by chunk.
    Stream(ChunkedPage),
}

impl ResponseBody {
    /// An empty body.
    pub(crate) fn empty() -> Self {
        ResponseBody::Full(None)
    }

    /// A body holding `bytes`.
    pub(crate) fn full(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        ResponseBody::Full((!bytes.is_empty()).then_some(bytes))
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let next = match self.get_mut() {
            ResponseBody::Full(bytes) => bytes.take(),
            ResponseBody::Stream(page) => page.next_chunk(),
        };
        Poll::Ready(next.map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ResponseBody::Full(bytes) => bytes.is_none(),
            ResponseBody::Stream(page) => page.remaining() == 0,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ResponseBody::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            ResponseBody::Stream(page) => SizeHint::with_exact(page.remaining()),
        }
    }
}

/// A page of an exact length made of a head, a filler chunk repeated (the last copy cut short)
/// and a tail, produced without ever holding more than one chunk.
#[derive(Debug)]
pub(crate) struct ChunkedPage {
    head: Option<Bytes>,
    filler: Bytes,
    filler_left: u64,
    tail: Option<Bytes>,
}

impl ChunkedPage {
    /// A page of `total` bytes (or `head + tail` when that is longer); `filler` must not be empty.
    pub(crate) fn new(head: Bytes, filler: Bytes, tail: Bytes, total: u64) -> Self {
        assert!(!filler.is_empty(), "filler must not be empty");
        let fixed = (head.len() + tail.len()) as u64;
        ChunkedPage { head: Some(head), filler, filler_left: total.saturating_sub(fixed), tail: Some(tail) }
    }

    fn remaining(&self) -> u64 {
        let len = |b: &Option<Bytes>| b.as_ref().map_or(0, |b| b.len() as u64);
        len(&self.head) + self.filler_left + len(&self.tail)
    }

    fn next_chunk(&mut self) -> Option<Bytes> {
        if let Some(head) = self.head.take() {
            return Some(head);
        }
        if self.filler_left > 0 {
            let n = self.filler_left.min(self.filler.len() as u64);
            self.filler_left -= n;
            // `n` fits in usize: it is at most the filler's length.
            return Some(self.filler.slice(..n as usize));
        }
        self.tail.take()
    }
}

/// A response with a status, a `Content-Type` and an in-memory body.
pub(crate) fn response(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Resp {
    let mut resp = Response::new(ResponseBody::full(body));
    *resp.status_mut() = status;
    resp.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// A response with a status and no body (nor `Content-Type`).
pub(crate) fn empty(status: StatusCode) -> Resp {
    let mut resp = Response::new(ResponseBody::empty());
    *resp.status_mut() = status;
    resp
}

/// A plain-text response, used for errors.
pub(crate) fn text(status: StatusCode, body: impl Into<Bytes>) -> Resp {
    response(status, "text/plain; charset=utf-8", body)
}
