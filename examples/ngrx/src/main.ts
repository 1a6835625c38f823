import { bootstrapApplication } from '@angular/platform-browser';
import { openChatSession } from '../../angular/src/app/chat-session';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';

// The conversation first (the saved one, or a new token from the backend), then the application.
openChatSession('directline-rx.angular.ngrx')
  .then((session) => bootstrapApplication(AppComponent, appConfig(session)))
  .catch((error: unknown) => {
    document.body.textContent = `Could not start the chat: ${error instanceof Error ? error.message : String(error)}`;
  });
