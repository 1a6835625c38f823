/*
 * The demo page: Web Chat (or a minimal chat when Web Chat is not installed) over a Direct Line
 * client, beside the live panel (its Livestream card asks the echo bot for a streamed reply and
 * lists the chunks as they arrive). Query parameters: client=directline-rx|directlinejs,
 * chat=webchat|minimal, silenceMs=<ms>.
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'directline-rx-demo';
  var params = new URLSearchParams(location.search);
  var client = params.get('client') === 'directlinejs' ? 'directlinejs' : 'directline-rx';
  var chatKind = params.get('chat') === 'minimal' ? 'minimal' : 'webchat';
  var silenceMs = Number(params.get('silenceMs')) > 0 ? Number(params.get('silenceMs')) : 20000;
  var panel = window.DemoPanel;

  function byId(id) {
    return document.getElementById(id);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error('Could not load ' + src));
      };
      document.head.appendChild(script);
    });
  }

  function api(action, body) {
    return fetch('/demo/api/' + action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res.json().then(function (answer) {
        if (res.ok) return answer;
        var error = new Error((answer.error && answer.error.message) || 'The demo backend answered ' + res.status);
        error.status = res.status;
        throw error;
      });
    });
  }

  function showNotice(html, kind) {
    var notice = byId('notice');
    notice.innerHTML = html;
    notice.className = 'notice ' + (kind || '');
    notice.hidden = false;
  }

  /** The saved session's conversation with a fresh token, or a new conversation. */
  function openSession() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    } catch (e) {
      saved = null;
    }
    var resume =
      saved && saved.key
        ? api('token', { key: saved.key }).then(
            function (answer) {
              return Object.assign({ key: saved.key, resumed: true }, answer);
            },
            function (error) {
              if (error.status === 404) return null; // the emulator was restarted: start again
              throw error;
            },
          )
        : Promise.resolve(null);
    return resume
      .then(function (session) {
        return (
          session ||
          api('session').then(function (answer) {
            return Object.assign({ resumed: false }, answer);
          })
        );
      })
      .then(function (session) {
        sessionStorage.setItem(
          STORAGE_KEY,
          JSON.stringify({ key: session.key, conversationId: session.conversationId, userId: session.userId }),
        );
        return session;
      });
  }

  function createClient(session) {
    var conversationId = session.resumed ? session.conversationId : undefined;
    if (client === 'directlinejs') {
      return loadScript('/demo/vendor/directline.js').then(function () {
        return new window.DirectLine.DirectLine({
          domain: session.domain,
          token: session.token,
          conversationId: conversationId,
          webSocket: true,
        });
      });
    }
    return loadScript('/demo/vendor/directline-rx.umd.min.js').then(function () {
      return window.DirectLineRx.createDirectLine({
        domain: session.domain,
        token: session.token,
        conversationId: conversationId,
        webSocket: true,
        silenceMs: silenceMs,
        tokenProvider: function () {
          panel.log('asking the backend for a new token');
          return api('token', { key: session.key }).then(function (answer) {
            return answer.token;
          });
        },
      });
    });
  }

  function renderChat(directLine, session) {
    var host = byId('webchat');
    var user = { id: session.userId, name: 'You' };
    var webChat = chatKind === 'webchat' ? loadScript('/demo/vendor/webchat.js').catch(function () {}) : Promise.resolve();
    return webChat.then(function () {
      if (!window.WebChat) {
        if (chatKind === 'webchat') {
          showNotice(
            '<strong>Web Chat is not installed.</strong> Add it with <code>npm install --save-dev botframework-webchat</code> ' +
              'and reload this page. Meanwhile, a minimal chat over the same connection:',
            'warn',
          );
        }
        window.renderMinimalChat(directLine, host, user, panel.delivered);
        return;
      }
      var store = window.WebChat.createStore({}, function () {
        return function (next) {
          return function (action) {
            if (window.demo && window.demo.trace) window.demo.trace.push(action.type);
            return next(action);
          };
        };
      });
      // What Web Chat shows: the activities in its state (it may be handed one again, and keeps it once).
      store.subscribe(function () {
        panel.shown(store.getState().activities);
      });
      window.demo.store = store;
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          store: store,
          userID: user.id,
          username: user.name,
          locale: 'en-US',
          styleOptions: {
            botAvatarInitials: 'Bot',
            userAvatarInitials: 'You',
            bubbleBorderRadius: 10,
            bubbleFromUserBorderRadius: 10,
            bubbleFromUserBackground: '#dbeafe',
            bubbleFromUserBorderColor: '#bfdbfe',
            backgroundColor: '#ffffff',
            sendBoxHeight: 48,
          },
        },
        host,
      );
    });
  }

  /** What the "Ask for a streamed reply" button sends: the echo bot livestreams a message beginning with "stream". */
  var STREAM_REQUEST =
    'stream Livestreaming shows a reply as it is written: each chunk carries the whole text so far, and the final message takes its place.';

  /** Sends a message as the user, through Web Chat when it is there (so it shows as typed), else on the connection. */
  function sendAsUser(text, session) {
    if (window.demo.store) {
      window.demo.store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: text, method: 'keyboard' } });
      return;
    }
    window.demo.directLine
      .postActivity({ type: 'message', text: text, from: { id: session.userId, name: 'You', role: 'user' } })
      .subscribe({
        error: function (error) {
          panel.log('send failed: ' + error.message, 'bad');
        },
      });
  }

  function wireButtons(session) {
    byId('ask-stream').addEventListener('click', function () {
      panel.log('asked for a streamed reply');
      sendAsUser(STREAM_REQUEST, session);
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-fault]'), function (button) {
      button.addEventListener('click', function () {
        var action = button.getAttribute('data-fault');
        button.disabled = true;
        var note = action === 'stallSocket' && client === 'directline-rx' ? ' (noticed after ' + silenceMs / 1000 + ' s of silence)' : '';
        panel.log(button.textContent.toLowerCase() + note, 'fault');
        api('fault', { key: session.key, action: action })
          .catch(function (error) {
            panel.log('fault failed: ' + error.message, 'bad');
          })
          .then(function () {
            button.disabled = false;
          });
      });
    });
    byId('new-conversation').addEventListener('click', function (event) {
      event.preventDefault();
      sessionStorage.removeItem(STORAGE_KEY);
      location.reload();
    });
    var other = client === 'directlinejs' ? 'directline-rx' : 'directlinejs';
    var link = byId('switch-client');
    link.textContent = 'Use ' + (other === 'directlinejs' ? 'botframework-directlinejs' : 'directline-rx');
    link.title = 'Reload this conversation with the other client';
    link.addEventListener('click', function (event) {
      event.preventDefault();
      params.set('client', other);
      location.search = params.toString();
    });
  }

  function main() {
    byId('client-name').textContent = client === 'directlinejs' ? 'botframework-directlinejs' : 'directline-rx';
    byId('client-name').setAttribute('data-client', client);
    return openSession().then(function (session) {
      panel.log((session.resumed ? 'resuming conversation ' : 'new conversation ') + session.conversationId);
      wireButtons(session);
      var events = new EventSource('/demo/api/events?key=' + encodeURIComponent(session.key));
      events.onmessage = function (event) {
        panel.openSockets(JSON.parse(event.data).openSockets);
      };
      return createClient(session).then(function (directLine) {
        directLine.connectionStatus$.subscribe(function (status) {
          panel.status(status);
        });
        window.demo = { client: client, session: session, directLine: directLine };
        return renderChat(directLine, session);
      });
    });
  }

  main().catch(function (error) {
    var hint = /directline-rx\.umd/.test(error.message) ? ' Build the library first: <code>npm run build</code>.' : '';
    showNotice('<strong>The demo could not start.</strong> ' + String(error.message).replace(/</g, '&lt;') + hint, 'error');
    panel.log('failed: ' + error.message, 'bad');
  });
})();
