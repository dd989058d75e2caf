import { type FormEvent, useState } from 'react';
import { ApiProblem } from '../api/client';
import { useSignIn } from '../app/session';
import { Field } from '../ui/Field';

export function SignIn() {
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email: email.trim(), password });
  };
  const error = signIn.error instanceof ApiProblem ? signIn.error : undefined;
  return (
    <div className="signin">
      <main className="signin-card" id="main">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Countervoice
        </div>
        <h1>Sign in</h1>
        <p className="muted">
          Counter-messaging campaigns built on vetted testimony, with four-eyes review.
        </p>
        <form onSubmit={submit} className="stack" noValidate>
          <Field label="Email" name="email" error={signIn.error}>
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label="Password" name="password" error={signIn.error}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {signIn.error && (
            <div className="alert alert-danger" role="alert">
              {error?.detail ?? 'Signing in failed. Try again.'}
            </div>
          )}
          <button type="submit" className="btn btn-primary btn-block" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </main>
    </div>
  );
}
