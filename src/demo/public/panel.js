/* The live panel of the demo page: what the wire carries, what the chat was given, the status over time. */
(function () {
  'use strict';

  var STATUS_NAMES = ['Uninitialized', 'Connecting', 'Online', 'ExpiredToken', 'FailedToConnect', 'Ended'];
  var WINDOW_MS = 60000;
  var MIN_WINDOW_MS = 10000;

  var state = {
    transitions: [{ at: Date.now(), status: 0 }],
    wireIds: new Set(),
    wireRepeats: 0,
    watermark: undefined,
    deliveredIds: new Set(),
    delivered: 0,
    deliveredDuplicates: 0,
    socketClosedAt: undefined,
    lastReconnectMs: undefined,
    openSockets: undefined,
    chunks: [],
    chunkCount: 0,
  };
  var MAX_CHUNKS_SHOWN = 40;

  function $(id) {
    return document.getElementById(id);
  }

  function time(at) {
    var d = new Date(at);
    var pad = function (n, w) {
      return String(n).padStart(w || 2, '0');
    };
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3);
  }

  function log(text, kind) {
    var list = $('log');
    if (!list) return;
    var item = document.createElement('li');
    if (kind) item.className = kind;
    var at = document.createElement('time');
    at.textContent = time(Date.now());
    item.appendChild(at);
    item.appendChild(document.createTextNode(' ' + text));
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 60) list.removeChild(list.lastChild);
  }

  // ---- the wire: activities and watermarks as the service sent them, before any client sees them ----

  function onActivitySet(set) {
    if (!set || typeof set !== 'object') return;
    if (Array.isArray(set.activities)) {
      set.activities.forEach(function (activity) {
        if (!activity || typeof activity.id !== 'string') return;
        chunk(activity);
        if (state.wireIds.has(activity.id)) state.wireRepeats++;
        else state.wireIds.add(activity.id);
      });
    }
    if (typeof set.watermark === 'string' && set.watermark) state.watermark = set.watermark;
    render();
  }

  var NativeWebSocket = window.WebSocket;
  function CountingWebSocket(url, protocols) {
    var socket = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    socket.addEventListener('open', function () {
      if (state.socketClosedAt !== undefined) {
        state.lastReconnectMs = Date.now() - state.socketClosedAt;
        state.socketClosedAt = undefined;
        log('socket open again after ' + (state.lastReconnectMs / 1000).toFixed(2) + ' s', 'good');
      } else {
        log('socket open');
      }
      render();
    });
    socket.addEventListener('message', function (event) {
      if (typeof event.data !== 'string' || !event.data.trim()) return; // keep-alive
      try {
        onActivitySet(JSON.parse(event.data));
      } catch (e) {
        /* not JSON: not an activity set */
      }
    });
    socket.addEventListener('close', function (event) {
      if (state.socketClosedAt === undefined) state.socketClosedAt = Date.now();
      log('socket closed (' + event.code + ')', 'bad');
      render();
    });
    return socket;
  }
  CountingWebSocket.prototype = NativeWebSocket.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) {
    CountingWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = CountingWebSocket;

  // Activities fetched over HTTP (a resumed conversation's catch-up, or polling) count as received too.
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (String(method).toUpperCase() === 'GET' && /\/conversations\/[^/]+\/activities(\?|$)/.test(String(url))) {
      this.addEventListener('load', function () {
        if (this.status !== 200) return;
        try {
          onActivitySet(this.responseType === 'json' ? this.response : JSON.parse(this.responseText));
        } catch (e) {
          /* not JSON */
        }
      });
    }
    return open.apply(this, arguments);
  };

  /** A livestream's activity as it came on the wire: its kind, sequence and text, newest first. */
  function chunk(activity) {
    var data = activity.channelData;
    var kind = data && typeof data === 'object' ? data.streamType : undefined;
    if (kind !== 'streaming' && kind !== 'informative' && kind !== 'final') return;
    var streamId = typeof data.streamId === 'string' ? data.streamId : activity.id;
    state.chunkCount++;
    state.chunks.unshift({ streamId: streamId, kind: kind, sequence: data.streamSequence, text: activity.text || '' });
    if (state.chunks.length > MAX_CHUNKS_SHOWN) state.chunks.length = MAX_CHUNKS_SHOWN;
    var list = $('chunks');
    if (!list) return;
    var item = document.createElement('li');
    item.setAttribute('data-kind', kind);
    var label = document.createElement('span');
    label.className = 'kind';
    label.textContent = kind === 'final' ? 'final' : '#' + data.streamSequence + ' ' + kind;
    item.appendChild(label);
    item.appendChild(document.createTextNode(activity.text ? '“' + activity.text + '”' : '(no text)'));
    item.title = 'livestream ' + streamId;
    list.insertBefore(item, list.firstChild);
    while (list.children.length > MAX_CHUNKS_SHOWN) list.removeChild(list.lastChild);
  }

  // ---- what the chat was given ----

  function delivered(activity) {
    if (!activity || typeof activity.id !== 'string') return;
    state.delivered++;
    if (state.deliveredIds.has(activity.id)) state.deliveredDuplicates++;
    else state.deliveredIds.add(activity.id);
    render();
  }

  /** The chat's whole list of activities (Web Chat's state): what is on screen, by service id. */
  function shown(activities) {
    var ids = new Set();
    var duplicates = 0;
    (activities || []).forEach(function (activity) {
      if (!activity || typeof activity.id !== 'string') return;
      if (ids.has(activity.id)) duplicates++;
      else ids.add(activity.id);
    });
    if (ids.size === state.deliveredIds.size && duplicates === state.deliveredDuplicates) return;
    state.deliveredIds = ids;
    state.delivered = ids.size + duplicates;
    state.deliveredDuplicates = duplicates;
    render();
  }

  function status(next) {
    var last = state.transitions[state.transitions.length - 1];
    if (last.status === next) return;
    state.transitions.push({ at: Date.now(), status: next });
    if (state.transitions.length > 200) state.transitions.splice(0, state.transitions.length - 200);
    log('status ' + (STATUS_NAMES[next] || next), next === 2 ? 'good' : next === 1 ? '' : 'bad');
    render();
  }

  function openSockets(n) {
    state.openSockets = n;
    render();
  }

  // ---- drawing ----

  function render() {
    var current = state.transitions[state.transitions.length - 1].status;
    var el = $('status');
    if (!el) return;
    el.textContent = STATUS_NAMES[current] || String(current);
    el.setAttribute('data-status', String(current));
    $('open-sockets').textContent = state.openSockets === undefined ? '–' : String(state.openSockets);
    $('watermark').textContent = state.watermark === undefined ? '–' : state.watermark;
    $('received').textContent = String(state.wireIds.size + state.wireRepeats);
    $('duplicates-dropped').textContent = String(Math.max(0, state.wireRepeats - state.deliveredDuplicates));
    $('duplicates-shown').textContent = String(state.deliveredDuplicates);
    $('chunk-count').textContent = String(state.chunkCount);
    $('last-reconnect').textContent = state.lastReconnectMs === undefined ? '–' : (state.lastReconnectMs / 1000).toFixed(2) + ' s';
    drawTimeline();
  }

  function drawTimeline() {
    var box = $('timeline');
    var now = Date.now();
    // The window grows with the page's age, from 10 s up to the last minute.
    var span = Math.min(WINDOW_MS, Math.max(MIN_WINDOW_MS, now - state.transitions[0].at));
    var from = now - span;
    var axis = $('timeline-from');
    if (axis) axis.textContent = Math.round(span / 1000) + ' s ago';
    var html = '';
    for (var i = 0; i < state.transitions.length; i++) {
      var t = state.transitions[i];
      var end = i + 1 < state.transitions.length ? state.transitions[i + 1].at : now;
      if (end <= from) continue;
      var start = Math.max(t.at, from);
      var left = ((start - from) / span) * 100;
      var width = Math.max(((end - start) / span) * 100, 0.4);
      html +=
        '<span class="segment" data-status="' +
        t.status +
        '" style="left:' +
        left.toFixed(2) +
        '%;width:' +
        width.toFixed(2) +
        '%" title="' +
        (STATUS_NAMES[t.status] || t.status) +
        '"></span>';
    }
    box.innerHTML = html;
  }

  setInterval(drawTimeline, 500);

  window.DemoPanel = {
    state: state,
    log: log,
    status: status,
    delivered: delivered,
    shown: shown,
    openSockets: openSockets,
    render: render,
    /** Figures for tests and the baseline: what the wire carried and what the chat was given. */
    figures: function () {
      return {
        status: state.transitions[state.transitions.length - 1].status,
        received: state.wireIds.size + state.wireRepeats,
        wireRepeats: state.wireRepeats,
        delivered: state.delivered,
        deliveredIds: Array.from(state.deliveredIds),
        deliveredDuplicates: state.deliveredDuplicates,
        watermark: state.watermark,
        lastReconnectMs: state.lastReconnectMs,
        openSockets: state.openSockets,
        transitions: state.transitions.slice(),
        chunkCount: state.chunkCount,
        chunks: state.chunks.slice(),
      };
    },
  };
})();
